// Signed counters on KV's unsigned 64-bit sums: concurrent increments never conflict.
import { kv } from "./store.ts";

const U64 = 2n ** 64n;

/** Add `delta` (may be negative) to a KV counter inside an atomic operation. */
export function addToCounter(
  op: Deno.AtomicOperation,
  key: Deno.KvKey,
  delta: number,
) {
  // KV sums wrap modulo 2^64, so adding 2^64 - n subtracts n.
  const n = BigInt(delta);
  op.sum(key, n >= 0n ? n : U64 + n);
  return op;
}

export async function readCounter(key: Deno.KvKey): Promise<number> {
  const v = (await kv().get<Deno.KvU64>(key)).value;
  return v ? counterValue(v) : 0;
}

/** A counter's signed value: sums wrap modulo 2^64, so a brief negative reads as negative. */
export function counterValue(v: Deno.KvU64): number {
  return Number(v.value >= U64 / 2n ? v.value - U64 : v.value);
}
