// The one optimistic-concurrency loop: read, build an atomic operation with version checks,
// commit, and start again from the reads when another writer got there first.
import { AppError } from "../http/index.ts";
import { kv } from "./store.ts";
import { countKvConflict } from "../ops/metrics.ts";

/** How often a commit is tried before the caller gets a 503 (one policy for the whole app). */
export const ATOMIC_ATTEMPTS = 25;

/** Returned by an attempt that decided nothing needs writing; its value is returned as is. */
export class NoCommit<T> {
  constructor(readonly value: T) {}
}

/** End an attempt without committing (the record is already in the wanted state, or gone). */
export function noCommit<T>(value: T): NoCommit<T> {
  return new NoCommit(value);
}

/**
 * Run `attempt` with a fresh `kv().atomic()` until its commit succeeds. The attempt does its reads,
 * adds `.check()`s for every entry the decision depends on, adds its mutations and returns the
 * result to hand back. Throwing (an AppError for a 4xx) or returning `noCommit(value)` ends the
 * loop without writing. After a few conflicts the retries back off with jitter so a hot key
 * (a popular listing's counter, a busy room) does not spin.
 */
export async function retryAtomic<T>(
  attempt: (op: Deno.AtomicOperation) => Promise<T | NoCommit<T>> | T | NoCommit<T>,
): Promise<T> {
  for (let i = 0; i < ATOMIC_ATTEMPTS; i++) {
    const op = kv().atomic();
    const out = await attempt(op);
    if (out instanceof NoCommit) return out.value;
    const res = await op.commit();
    if (res.ok) return out;
    countKvConflict(i === ATOMIC_ATTEMPTS - 1);
    if (i >= 2) {
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** i, 50)));
    }
  }
  throw new AppError(
    503,
    "busy",
    "Too many changes to the same record at once; try again",
    undefined,
    undefined,
    { "retry-after": "1" },
  );
}
