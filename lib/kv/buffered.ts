// Counters for hot paths (published-page views, visitors, experiment exposures): increments are
// summed in memory and written by a flush at most `intervalMs` later, so a request does no KV
// write. A crash loses at most one interval; a failed flush puts its sums back for the next one.
// Each flush commits in batches (KV allows 1,000 mutations per commit); KV sums never conflict,
// so two processes flushing the same key both land.
import { kv } from "./store.ts";
import { addToCounter } from "./counters.ts";

const pending = new Map<string, { key: Deno.KvKey; n: number }>();
const hooks: Array<() => Promise<void> | void> = [];
let timer: ReturnType<typeof setInterval> | undefined;
let flushing: Promise<void> | undefined;

/** Add `n` to the KV counter at `key` at the next flush (no KV work now). */
export function bufferSum(key: Deno.KvKey, n = 1) {
  const id = JSON.stringify(key);
  const slot = pending.get(id);
  if (slot) slot.n += n;
  else pending.set(id, { key, n });
}

/** Run `hook` before each flush writes (for callers that keep their own in-memory batches). */
export function onFlush(hook: () => Promise<void> | void) {
  hooks.push(hook);
}

/** The number of distinct counters waiting to be written (for metrics and tests). */
export function pendingCount(): number {
  return pending.size;
}

const BATCH = 500;

async function flushOnce() {
  for (const hook of hooks) await hook();
  const batch = [...pending.values()];
  pending.clear();
  for (let i = 0; i < batch.length; i += BATCH) {
    const slice = batch.slice(i, i + BATCH);
    const op = kv().atomic();
    for (const { key, n } of slice) addToCounter(op, key, n);
    try {
      await op.commit();
    } catch (e) {
      // Put the rest back so nothing is lost; the next flush retries them.
      for (const { key, n } of batch.slice(i)) bufferSum(key, n);
      throw e;
    }
  }
}

/**
 * Write everything counted up to this call. A flush already running started before the latest
 * counts, so it is waited for and then another one runs (one at a time, never overlapping).
 */
export async function flushBuffered(): Promise<void> {
  while (flushing) await flushing.catch(() => {});
  flushing = flushOnce().finally(() => (flushing = undefined));
  return await flushing;
}

export function startBufferedFlush(intervalMs = 1000) {
  if (timer) return;
  // A tick while a flush still runs is skipped: the next tick writes what it missed, and slow
  // commits never stack up a queue of flushes.
  timer = setInterval(() => {
    if (!flushing) flushBuffered().catch((e) => console.error("buffered flush:", e));
  }, intervalMs);
}

/** Stop the timer and write what is left (graceful shutdown). */
export async function stopBufferedFlush() {
  clearInterval(timer);
  timer = undefined;
  await flushBuffered();
}
