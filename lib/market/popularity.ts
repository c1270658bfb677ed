// The "popular" score of a listing: recent sales and likes, decaying with time. Each event adds
// weight·e^((t − EPOCH)/TAU); the score is the log of the sum. Every listing's sum decays by the
// same factor as time passes, so the order of scores never changes on its own and the KV sort
// index stays right without periodic re-scoring: a listing moves only when it is liked or sold.
// A sale weighs three likes; an event TAU old counts 1/e of a new one.
import type { Listing } from "./model.ts";

const EPOCH = Date.UTC(2026, 0, 1);
const TAU = 7 * 86_400_000;
export const SALE_WEIGHT = 3;
export const LIKE_WEIGHT = 1;

const exponent = (weight: number, atMs: number) => Math.log(weight) + (atMs - EPOCH) / TAU;

/** ln(e^a + e^b) without overflow. */
const logAddExp = (a: number, b: number) => {
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
};

/**
 * The score of a listing that has none stored yet (made before likes): its sales counted as if
 * made when it was created, so old listings keep the rough order they had (most sold first).
 */
export function seedScore(l: Pick<Listing, "soldCount" | "createdAt">): number {
  if (!l.soldCount) return 0;
  return exponent(SALE_WEIGHT * l.soldCount, Date.parse(l.createdAt));
}

export const popularity = (l: Listing) => l.popularity ?? seedScore(l);

/** The score after an event of `weight` at `atMs` (negative weight: take a like out again). */
export function rescore(l: Listing, weight: number, atMs: number): number {
  const current = popularity(l);
  const x = exponent(Math.abs(weight), atMs);
  if (weight > 0) return current === 0 ? x : logAddExp(current, x);
  // Taking out what was added: ln(e^c − e^x); rounding may leave nothing (or less), then 0.
  if (current === 0 || x >= current - 1e-12) return 0;
  const rest = current + Math.log1p(-Math.exp(x - current));
  return Number.isFinite(rest) && rest > 0 ? rest : 0;
}
