// Records that can outgrow KV's 64 KiB value limit (a long page's content, its rendered HTML).
// A record that fits is stored as is. One that does not keeps its small fields at its key (so
// lists, checks and metadata-only updates work on it unchanged) and moves the named large fields,
// compressed, into chunks under a fresh generation id; the entry at the key is the manifest. Every
// write of the record sets the manifest, so `op.check(entry)` on it guards the whole value, and a
// new generation never overwrites chunks a reader may be reading. All of it happens in the
// caller's atomic operation.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { newId } from "./ids.ts";
import { sharedKeys } from "./keys.ts";
import { kv } from "./store.ts";

/** Where a stored record's large fields went. */
export interface Spill {
  gen: string;
  chunks: number;
  fields: string[];
}

const SPILL = "_chunks";

/** Records whose JSON is longer than this are chunked (V8 may store 2 bytes per character). */
export const INLINE_MAX_CHARS = 30_000;
/** Bytes per chunk (under the 64 KiB limit with room for the key and the encoding). */
export const CHUNK_BYTES = 60_000;

/** A record read with `getLarge`: usable in `op.check()` and as `prev` for the next write. */
export interface LargeEntry<T> {
  key: Deno.KvKey;
  value: T | null;
  versionstamp: string | null;
  spill: Spill | null;
}

type Consistency = { consistency?: Deno.KvConsistencyLevel };

function spillOf(value: unknown): Spill | null {
  return value && typeof value === "object" && SPILL in value
    ? (value as Record<string, Spill>)[SPILL]
    : null;
}

/** Read a record stored by `setLarge` (or a plain one), whole. */
export async function getLarge<T>(key: Deno.KvKey, opts: Consistency = {}): Promise<LargeEntry<T>> {
  return await hydrate<T>(await kv().get(key, opts), opts);
}

/** Many records (a list page), whole; missing ones are skipped. */
export async function getManyLarge<T>(keyList: Deno.KvKey[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keyList.length; i += 10) {
    const entries = await kv().getMany(keyList.slice(i, i + 10));
    for (const e of entries) {
      const whole = await hydrate<T>(e, {});
      if (whole.value !== null) out.push(whole.value);
    }
  }
  return out;
}

/** Complete a raw entry read at a record's key (its chunks are read when it has any). */
export async function hydrate<T>(
  entry: Deno.KvEntryMaybe<unknown>,
  opts: Consistency = {},
): Promise<LargeEntry<T>> {
  for (let tries = 0;; tries++) {
    const spill = spillOf(entry.value);
    if (!spill) {
      return {
        key: entry.key,
        value: entry.value as T | null,
        versionstamp: entry.versionstamp,
        spill,
      };
    }
    const parts = await readChunks(spill, tries === 0 ? opts : {});
    if (parts) {
      const { [SPILL]: _, ...rest } = entry.value as Record<string, unknown>;
      const fields = JSON.parse(new TextDecoder().decode(inflateRawSync(parts)));
      return {
        key: entry.key,
        value: { ...rest, ...fields } as T,
        versionstamp: entry.versionstamp,
        spill,
      };
    }
    // A writer replaced the record (and removed this generation) between the two reads.
    if (tries >= 3) throw new Error(`chunks of ${JSON.stringify(entry.key)} are missing`);
    entry = await kv().get(entry.key);
  }
}

async function readChunks(spill: Spill, opts: Consistency): Promise<Uint8Array | null> {
  const list = Array.from({ length: spill.chunks }, (_, n) => sharedKeys.largeChunk(spill.gen, n));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < list.length; i += 10) {
    for (const e of await kv().getMany<Uint8Array[]>(list.slice(i, i + 10), opts)) {
      if (!e.value) return null;
      parts.push(e.value);
    }
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Add the write of `value` at `key` to `op`: as is when small, else with the `spill` fields in
 * chunks. `prev` is what was read at `key` (raw or from `getLarge`); its chunks are deleted.
 */
export function setLarge<T extends object>(
  op: Deno.AtomicOperation,
  key: Deno.KvKey,
  value: T,
  prev: { value: unknown; spill?: Spill | null } | null,
  opts: { spill: readonly (keyof T & string)[]; expireIn?: number },
): Deno.AtomicOperation {
  deleteChunks(op, prev);
  const setOpts = opts.expireIn === undefined ? undefined : { expireIn: opts.expireIn };
  if (JSON.stringify(value).length <= INLINE_MAX_CHARS) return op.set(key, value, setOpts);
  const rest = { ...value } as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const f of opts.spill) {
    fields[f] = rest[f];
    delete rest[f];
  }
  const bytes = deflateRawSync(new TextEncoder().encode(JSON.stringify(fields)));
  const spill: Spill = {
    gen: newId(),
    chunks: Math.ceil(bytes.length / CHUNK_BYTES),
    fields: [...opts.spill],
  };
  for (let n = 0; n < spill.chunks; n++) {
    op.set(
      sharedKeys.largeChunk(spill.gen, n),
      new Uint8Array(bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES)),
      setOpts,
    );
  }
  return op.set(key, { ...rest, [SPILL]: spill }, setOpts);
}

/** Add the deletion of a record and its chunks (`prev` as read) to `op`. */
export function deleteLarge(
  op: Deno.AtomicOperation,
  key: Deno.KvKey,
  prev: { value: unknown; spill?: Spill | null } | null,
): Deno.AtomicOperation {
  deleteChunks(op, prev);
  return op.delete(key);
}

function deleteChunks(
  op: Deno.AtomicOperation,
  prev: { value: unknown; spill?: Spill | null } | null,
) {
  const spill = prev ? prev.spill ?? spillOf(prev.value) : null;
  for (let n = 0; spill && n < spill.chunks; n++) op.delete(sharedKeys.largeChunk(spill.gen, n));
}
