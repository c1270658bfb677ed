// Background jobs: one interface, two backends.
// - "kv": kv.enqueue/listenQueue on the embedded KV (retries by backoff schedule, dead letters kept).
// - "jobs": a KV-backed job list for remote KV, where queues are not offered: job records are
//   claimed with an atomic version check and a lease, retried with backoff, dead-lettered after
//   the last attempt, delayed by `runAt`, and woken by kv.watch on a head key.
import { keys, kv, newId } from "../kv/index.ts";
import { countJob, errorFields, log } from "../ops/index.ts";

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  runAt: number;
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
    });
  } else {
    op.set(keys.job(job.id), job)
      .set(keys.jobsDue(job.runAt, job.id), job.id)
      .sum(keys.jobsHead(), 1n);
  }
  if (!opts.atomic) await op.commit();
  return job.id;
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
  if (kind === "kv") {
    loopDone = kv().listenQueue(async (msg: unknown) => {
      const job = msg as Job;
      // Shutting down: leave the message to KV's redelivery (after a restart, on a file KV).
      if (!running) throw STOPPED;
      // KV redelivers a throwing handler by the backoff schedule, then writes the dead letter;
      // its messages do not say which delivery this is, so a failure is reported as "retry".
      await runHandler(job, false);
    }).catch(() => {});
  } else {
    loopDone = jobLoop();
  }
}

export async function stopQueue(graceMs = 5000) {
  running = false;
  wake?.();
  if (backend === "jobs") await loopDone;
  // the "kv" listener ends when the KV is closed; jobs already running finish first (bounded)
  const deadline = Date.now() + graceMs;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
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

async function jobLoop() {
  const watcher = kv().watch([keys.jobsHead()]);
  const reader = watcher.getReader();
  let pendingWake = false;
  (async () => {
    try {
      while (running) {
        const { done } = await reader.read();
        if (done) break;
        pendingWake = true;
        wake?.();
      }
    } catch { /* closed */ }
  })();
  try {
    while (running) {
      pendingWake = false;
      const ids = await dueJobIds(Date.now(), 20);
      await Promise.all(ids.map((id) => claimAndRun(id)));
      if (ids.length === 20 || pendingWake) continue;
      const next = await nextRunAt();
      const waitMs = next === null ? 5000 : Math.max(0, Math.min(5000, next - Date.now()));
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
      op.set(keys.job(id), { ...attempt, runAt }).set(
        keys.jobsDue(runAt, id),
        id,
      );
    }
    await op.commit();
  }
}
