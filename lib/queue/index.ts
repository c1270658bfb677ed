// Background jobs: one interface, two backends.
// - "kv": kv.enqueue/listenQueue on the embedded KV (retries by backoff schedule, dead letters kept).
// - "jobs": a KV-backed job list for remote KV, where queues are not offered: job records are
//   claimed with an atomic version check and a lease, retried with backoff, dead-lettered after
//   the last attempt, delayed by `runAt`, and woken by kv.watch on a head key.
import { keys, kv, newId } from "../kv/index.ts";
import { collector, countJob, errorFields, log } from "../ops/index.ts";
import { queueStatLines } from "./stats.ts";

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  runAt: number;
  /** Job list: when a claimed job became due (runAt then holds its lease), for /metrics. */
  dueAt?: number;
}

type Handler = (payload: never, job: Job) => Promise<void>;
const handlers = new Map<string, Handler>();
const MAX_ATTEMPTS = 5;
const BACKOFF_MS = [1000, 5000, 30000, 120000];
const LEASE_MS = 60_000;

let backend: "kv" | "jobs" = "kv";
let running = false;
let wake: (() => void) | null = null;
let loopDone: Promise<void> | null = null;
let inFlight = 0;

/** Register the handler for one job type (modules do this at import time). */
export function defineJob<P>(
  type: string,
  handler: (payload: P, job: Job) => Promise<void>,
) {
  handlers.set(type, handler as Handler);
  return (payload: P, opts: EnqueueOptions = {}) => enqueue(type, payload, opts);
}

export interface EnqueueOptions {
  delayMs?: number;
  /** Add the job to this atomic operation instead of committing on its own. */
  atomic?: Deno.AtomicOperation;
}

export async function enqueue(
  type: string,
  payload: unknown,
  opts: EnqueueOptions = {},
) {
  if (!handlers.has(type)) throw new Error(`No handler for job ${type}`);
  const job: Job = {
    id: newId(),
    type,
    payload,
    attempts: 0,
    runAt: Date.now() + (opts.delayMs ?? 0),
  };
  const op = opts.atomic ?? kv().atomic();
  if (backend === "kv") {
    op.enqueue(job, {
      delay: opts.delayMs,
      backoffSchedule: BACKOFF_MS,
      keysIfUndelivered: [keys.deadJob(job.id)],
    })
      // Read back by /metrics for the depth and age (a KV queue cannot be listed); removed when
      // the job succeeds or fails for the last time.
      .set(keys.jobPending(job.id), pendingOf(job));
  } else {
    op.set(keys.job(job.id), job)
      .set(keys.jobsDue(job.runAt, job.id), job.id)
      .sum(keys.jobsHead(), 1n);
  }
  if (!opts.atomic) await op.commit();
  return job.id;
}

/** What a pending record holds: enough for /metrics by type, not the payload. */
export interface PendingJob {
  type: string;
  runAt: number;
  attempts: number;
}
const pendingOf = (job: Job): PendingJob => ({
  type: job.type,
  runAt: job.runAt,
  attempts: job.attempts,
});

/**
 * How many jobs of `type` (or with these ids) have not settled yet: waiting, delayed, running or
 * due for a retry. A job settles when it succeeds or fails its last attempt, so 0 says every such
 * job has done all it will do — what a check that a job did NOT do something must wait for.
 */
export async function unsettledJobs(of: { type: string } | { ids: string[] }): Promise<number> {
  const record = (id: string) => backend === "kv" ? keys.jobPending(id) : keys.job(id);
  if ("ids" in of) {
    let left = 0;
    for (const id of of.ids) if ((await kv().get(record(id))).value !== null) left++;
    return left;
  }
  let n = 0;
  const prefix = backend === "kv" ? keys.jobsPendingPrefix() : keys.jobsPrefix();
  for await (const e of kv().list<{ type: string }>({ prefix })) if (e.value.type === of.type) n++;
  return n;
}

/** Jobs running in this process now (a /metrics gauge). */
export function queueInFlight() {
  return inFlight;
}

/**
 * Runs one attempt and reports it: a log line and a metric with its outcome ("ok"; "retry" when
 * it will be tried again; "dead" after the last attempt). `final` says whether a failure is the
 * last try.
 */
async function runHandler(job: Job, final: boolean) {
  const handler = handlers.get(job.type);
  if (!handler) throw new Error(`No handler for job ${job.type}`);
  inFlight++;
  const start = performance.now();
  try {
    await handler(job.payload as never, job);
    const ms = performance.now() - start;
    countJob(job.type, "ok", ms);
    log("info", "job", {
      jobId: job.id,
      type: job.type,
      attempt: job.attempts,
      outcome: "ok",
      durationMs: Math.round(ms),
    });
  } catch (err) {
    const ms = performance.now() - start;
    const outcome = final ? "dead" : "retry";
    countJob(job.type, outcome, ms);
    log(final ? "error" : "warn", "job", {
      jobId: job.id,
      type: job.type,
      attempt: job.attempts,
      outcome,
      durationMs: Math.round(ms),
      ...errorFields(err),
    });
    throw err;
  } finally {
    inFlight--;
  }
}

// Deno logs a handler's error; this one says what happened in one line, without a stack.
const STOPPED = Object.assign(new Error("queue stopped; the job is left for redelivery"), {
  stack: "queue stopped; the job is left for redelivery",
});

export function startQueue(kind: "kv" | "jobs") {
  backend = kind;
  running = true;
  collector("queue", () => queueStatLines(kind));
  if (kind === "kv") {
    loopDone = kv().listenQueue(async (msg: unknown) => {
      const job = msg as Job;
      // Shutting down: leave the message to KV's redelivery (after a restart, on a file KV).
      if (!running) {
        // The refused delivery still uses up one of KV's attempts: counted like a failure.
        await countKvDelivery(job, true);
        throw STOPPED;
      }
      await runKvDelivery(job);
    }).catch(() => {});
  } else {
    loopDone = jobLoop();
  }
}

/**
 * One delivery of the embedded KV queue. KV redelivers a throwing handler by the backoff schedule
 * and then writes the dead letter, but its messages do not say which delivery this is: the
 * pending record counts them, so the last failure is reported as "dead" and the record removed.
 */
async function runKvDelivery(job: Job) {
  const key = keys.jobPending(job.id);
  const pending = (await kv().get<PendingJob>(key)).value;
  const attempt = { ...job, attempts: (pending?.attempts ?? 0) + 1 };
  try {
    await runHandler(attempt, attempt.attempts >= MAX_ATTEMPTS);
  } catch (err) {
    await countKvDelivery(attempt, false);
    throw err;
  }
  await kv().delete(key);
}

/**
 * A failed delivery of `job` (its `attempts` already counting it unless `refused`): the pending
 * record is dropped after the last one (KV writes the dead letter) or else moved to the retry time.
 */
async function countKvDelivery(job: Job, refused: boolean) {
  const key = keys.jobPending(job.id);
  let attempts = job.attempts;
  if (refused) attempts = ((await kv().get<PendingJob>(key)).value?.attempts ?? 0) + 1;
  if (attempts >= MAX_ATTEMPTS) return void await kv().delete(key);
  const retryAt = Date.now() + BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
  await kv().set(key, { type: job.type, runAt: retryAt, attempts });
}

export async function stopQueue(graceMs = 5000) {
  running = false;
  wake?.();
  if (backend === "jobs") await loopDone;
  // the "kv" listener ends when the KV is closed; jobs already running finish first (bounded),
  // with their bookkeeping commit on the job list
  const deadline = Date.now() + graceMs;
  while ((inFlight > 0 || active.size > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function dueJobIds(now: number, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for await (
    const e of kv().list<string>({
      prefix: keys.jobsDuePrefix(),
      end: [...keys.jobsDuePrefix(), now + 1],
    }, {
      limit,
    })
  ) ids.push(e.value);
  return ids;
}

async function nextRunAt(): Promise<number | null> {
  for await (
    const e of kv().list({ prefix: keys.jobsDuePrefix() }, { limit: 1 })
  ) {
    return e.key[1] as number;
  }
  return null;
}

/** Job list: attempts this process runs at once (a slow job must not hold up the others). */
const MAX_CONCURRENT = 20;
/** Job list: claims and runs started by this process and not yet finished. */
const active = new Map<string, Promise<void>>();

async function jobLoop() {
  const watcher = kv().watch([keys.jobsHead()]);
  const reader = watcher.getReader();
  let pendingWake = false;
  const poke = () => {
    pendingWake = true;
    wake?.();
  };
  (async () => {
    try {
      while (running) {
        const { done } = await reader.read();
        if (done) break;
        poke();
      }
    } catch { /* closed */ }
  })();
  try {
    while (running) {
      pendingWake = false;
      const free = MAX_CONCURRENT - active.size;
      let started = 0;
      // Started, not awaited: the loop goes on claiming while long jobs run.
      for (const id of free > 0 ? await dueJobIds(Date.now(), free) : []) {
        if (active.has(id)) continue;
        started++;
        active.set(
          id,
          claimAndRun(id)
            .catch((err) => log("error", "job list: claim or bookkeeping failed", errorFields(err)))
            .finally(() => {
              active.delete(id);
              poke();
            }),
        );
      }
      if ((started > 0 && started === free) || pendingWake) continue;
      // With every slot busy, a finishing job pokes the loop; otherwise the next due time does.
      const next = active.size >= MAX_CONCURRENT ? null : await nextRunAt();
      const waitMs = next === null ? 5000 : Math.max(10, Math.min(5000, next - Date.now()));
      if (pendingWake) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function claimAndRun(id: string) {
  const entry = await kv().get<Job>(keys.job(id));
  const job = entry.value;
  if (!job) return;
  const leaseUntil = Date.now() + LEASE_MS;
  const claim = await kv().atomic().check(entry)
    .delete(keys.jobsDue(job.runAt, id))
    .set(keys.job(id), {
      ...job,
      runAt: leaseUntil,
      dueAt: job.runAt,
      attempts: job.attempts + 1,
    })
    .set(keys.jobsDue(leaseUntil, id), id)
    .commit();
  if (!claim.ok) return; // another worker took it
  const attempt = { ...job, attempts: job.attempts + 1 };
  try {
    await runHandler(attempt, attempt.attempts >= MAX_ATTEMPTS);
    await kv().atomic().delete(keys.job(id)).delete(
      keys.jobsDue(leaseUntil, id),
    ).commit();
  } catch (err) {
    const op = kv().atomic().delete(keys.jobsDue(leaseUntil, id));
    if (attempt.attempts >= MAX_ATTEMPTS) {
      op.delete(keys.job(id)).set(keys.deadJob(id), {
        ...attempt,
        error: String(err),
      });
    } else {
      const runAt = Date.now() +
        BACKOFF_MS[Math.min(attempt.attempts - 1, BACKOFF_MS.length - 1)];
      op.set(keys.job(id), { ...attempt, runAt, dueAt: runAt }).set(
        keys.jobsDue(runAt, id),
        id,
      );
    }
    await op.commit();
  }
}
