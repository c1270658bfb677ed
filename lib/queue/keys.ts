// KV keys of the queues (see lib/queue/): the job list used with remote KV, and the pending
// records of the embedded KV queue.
export const queueKeys = {
  job: (id: string) => ["jobs", id],
  jobsPrefix: () => ["jobs"],
  jobsDue: (runAt: number, id: string) => ["jobs_due", runAt, id],
  jobsDuePrefix: () => ["jobs_due"],
  jobsHead: () => ["jobs_head"],
  deadJob: (id: string) => ["dead_jobs", id],
  deadJobsPrefix: () => ["dead_jobs"],
  /** "kv" backend: a job enqueued and not yet done (KV queues cannot be read back). */
  jobPending: (id: string) => ["jobs_pending", id],
  jobsPendingPrefix: () => ["jobs_pending"],
} as const;
