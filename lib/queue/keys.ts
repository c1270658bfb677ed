// KV keys of the queue backend used with remote KV (see lib/queue/).
export const queueKeys = {
  job: (id: string) => ["jobs", id],
  jobsDue: (runAt: number, id: string) => ["jobs_due", runAt, id],
  jobsDuePrefix: () => ["jobs_due"],
  jobsHead: () => ["jobs_head"],
  deadJob: (id: string) => ["dead_jobs", id],
} as const;
