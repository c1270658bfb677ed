// Record ids: ULIDs (26 characters, sorted by creation time, monotonic within this process).
import { decodeTime, encodeTime, monotonicFactory, ulid } from "ulid";

const monotonic = monotonicFactory();

/** A new id; ids made later in this process sort after it. `at` (ms) back-dates one (tests, imports). */
export function newId(at?: number): string {
  return at === undefined ? monotonic() : ulid(at);
}

/** The 10-character time part of ids made at `ms`: it sorts before every id made from then on. */
export function idTimePrefix(ms: number): string {
  return encodeTime(ms, 10);
}

/** `n` (a non-negative integer) as `length` characters of the ULID alphabet (Crockford base32). */
export function base32(n: number, length: number): string {
  return encodeTime(n, length);
}

/** When an id was made (ms since the epoch). */
export function idTime(id: string): number {
  return decodeTime(id);
}
