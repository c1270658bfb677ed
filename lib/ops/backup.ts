// Backups of the whole KV store as gzip-compressed JSON lines:
//   line 1   {"format":"landinghub-kv-backup","version":1,"createdAt":…,"consistency":…}
//   lines    {"k":[key parts],"v":value}   (tagged JSON for what JSON cannot hold, below)
//   last     {"sha256":"<hex of every line before it, newline included>","count":N,
//             "maxVersionstamp":"<highest versionstamp of an entry>"}
// The dump is one `kv.list` over every key with strong consistency. KV has no read of a whole
// store at one versionstamp, so a list over a store being written changes between its batches:
// `deno task backup` therefore dumps a snapshot copy of a local store (./snapshot.ts), a
// "snapshot" dump; a remote store (DENO_KV_URL) is dumped live, "per-key" consistent only (each
// entry as some commit left it), and maxVersionstamp names the newest commit any entry came from.
// Restore only goes into an empty store and checks the checksum before writing anything.
// Expiry times (expireIn) are not readable through the KV API, so restored entries keep no TTL.

export const BACKUP_FORMAT = "landinghub-kv-backup";

type Tagged = { $t: string; v?: unknown };

function b64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function unb64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A KV value (structured-clonable) as plain JSON, with tags for the types JSON lacks. */
export function encodeValue(v: unknown): unknown {
  if (v === undefined) return { $t: "undef" };
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    return Number.isFinite(v) && !Object.is(v, -0) ? v : { $t: "num", v: String(v) };
  }
  if (typeof v === "bigint") return { $t: "bigint", v: v.toString() };
  if (v instanceof Deno.KvU64) return { $t: "u64", v: v.value.toString() };
  if (v instanceof Uint8Array) return { $t: "bytes", v: b64(v) };
  if (v instanceof ArrayBuffer) return { $t: "buffer", v: b64(new Uint8Array(v)) };
  if (v instanceof Date) return { $t: "date", v: v.getTime() };
  if (v instanceof RegExp) return { $t: "regexp", v: [v.source, v.flags] };
  if (v instanceof Map) {
    return { $t: "map", v: [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  }
  if (v instanceof Set) return { $t: "set", v: [...v].map(encodeValue) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encodeValue(x);
    // A stored object that itself has a "$t" key is wrapped, so it is not read back as a tag.
    return "$t" in out ? { $t: "obj", v: out } : out;
  }
  throw new Error(`Cannot back up a value of type ${typeof v}`);
}

export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Tagged & Record<string, unknown>;
  if (typeof o.$t === "string") {
    switch (o.$t) {
      case "undef":
        return undefined;
      case "num":
        return Number(o.v);
      case "bigint":
        return BigInt(o.v as string);
      case "u64":
        return new Deno.KvU64(BigInt(o.v as string));
      case "bytes":
        return unb64(o.v as string);
      case "buffer":
        return unb64(o.v as string).buffer;
      case "date":
        return new Date(o.v as number);
      case "regexp":
        return new RegExp(...(o.v as [string, string]));
      case "map":
        return new Map(
          (o.v as [unknown, unknown][]).map(([k, x]) => [decodeValue(k), decodeValue(x)]),
        );
      case "set":
        return new Set((o.v as unknown[]).map(decodeValue));
      case "obj":
        return decodePlain(o.v as Record<string, unknown>);
    }
    throw new Error(`Unknown tag ${o.$t} in backup`);
  }
  return decodePlain(o);
}

function decodePlain(o: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}

const encodeKey = (key: Deno.KvKey) => key.map((p) => encodeValue(p));
const decodeKey = (parts: unknown[]) => parts.map((p) => decodeValue(p)) as Deno.KvKeyPart[];

async function sha256Hex(data: Uint8Array<ArrayBuffer>) {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A streaming SHA-256 is not in WebCrypto; lines are hashed incrementally by chaining: the running
 * hash is sha256(previous hash bytes ‖ chunk), over chunks of about 1 MB. Restore recomputes it
 * the same way from the same lines.
 */
class ChainHash {
  #hash = "";
  #buf: Uint8Array[] = [];
  #size = 0;
  async add(bytes: Uint8Array) {
    this.#buf.push(bytes);
    this.#size += bytes.length;
    if (this.#size >= 1 << 20) await this.#flush();
  }
  async #flush() {
    const prev = new TextEncoder().encode(this.#hash);
    const all = new Uint8Array(prev.length + this.#size);
    all.set(prev);
    let at = prev.length;
    for (const b of this.#buf) {
      all.set(b, at);
      at += b.length;
    }
    this.#hash = await sha256Hex(all);
    this.#buf = [];
    this.#size = 0;
  }
  async digest() {
    if (this.#size > 0 || this.#hash === "") await this.#flush();
    return this.#hash;
  }
}

export interface DumpOptions {
  /** What the header says of the dump: "snapshot" (a copy at one moment) or "per-key" (live). */
  consistency?: "snapshot" | "per-key";
  /** Filled in as the dump ends (the trailer carries the same). */
  stats?: { count?: number; maxVersionstamp?: string };
}

/** Writes the dump of `kv` to `out` (gzip); returns how many entries it holds. */
export async function dumpKv(
  kv: Deno.Kv,
  out: WritableStream<Uint8Array>,
  opts: DumpOptions = {},
): Promise<number> {
  const gzip = new CompressionStream("gzip");
  const piped = gzip.readable.pipeTo(out);
  const writer = gzip.writable.getWriter();
  const enc = new TextEncoder();
  const hash = new ChainHash();
  const line = async (obj: unknown) => {
    const bytes = enc.encode(JSON.stringify(obj) + "\n");
    await hash.add(bytes);
    await writer.write(bytes);
  };
  await line({
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    consistency: opts.consistency ?? "per-key",
  });
  let count = 0;
  // Versionstamps are fixed-width hex: the string order is the commit order.
  let maxVersionstamp = "";
  for await (
    const e of kv.list({ prefix: [] }, { consistency: "strong", batchSize: 1000 })
  ) {
    await line({ k: encodeKey(e.key), v: encodeValue(e.value) });
    if (e.versionstamp > maxVersionstamp) maxVersionstamp = e.versionstamp;
    count++;
  }
  if (opts.stats) Object.assign(opts.stats, { count, maxVersionstamp });
  await writer.write(
    enc.encode(JSON.stringify({ sha256: await hash.digest(), count, maxVersionstamp }) + "\n"),
  );
  await writer.close();
  await piped;
  return count;
}

async function* lines(input: ReadableStream<Uint8Array<ArrayBuffer>>): AsyncGenerator<string> {
  const text = input.pipeThrough(new DecompressionStream("gzip")).pipeThrough(
    new TextDecoderStream(),
  );
  let buf = "";
  for await (const chunk of text) {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) yield buf;
}

/** Reads a dump through, checking its header and checksum; returns its entry count. */
export async function verifyDump(
  open: () => ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<number> {
  const enc = new TextEncoder();
  const hash = new ChainHash();
  let first = true;
  let count = 0;
  let trailer: { sha256?: string; count?: number } | null = null;
  for await (const l of lines(open())) {
    if (trailer) throw new Error("The backup has lines after its checksum");
    const obj = JSON.parse(l);
    if (first) {
      if (obj.format !== BACKUP_FORMAT || obj.version !== 1) {
        throw new Error("Not a LandingHub backup (version 1)");
      }
      first = false;
    } else if ("sha256" in obj) {
      trailer = obj;
      continue;
    } else count++;
    await hash.add(enc.encode(l + "\n"));
  }
  if (!trailer) throw new Error("The backup is truncated: no checksum line");
  if (trailer.count !== count) throw new Error("The backup's entry count does not match");
  if (trailer.sha256 !== await hash.digest()) {
    throw new Error("The backup's checksum does not match");
  }
  return count;
}

/**
 * Loads a dump into `kv`, which must be empty. The whole file is verified first (`open` is
 * called twice), then written in commits of up to 500 entries / ~400 KB.
 */
export async function restoreKv(
  kv: Deno.Kv,
  open: () => ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<number> {
  for await (const _ of kv.list({ prefix: [] }, { limit: 1 })) {
    throw new Error("The target store is not empty; restore only into an empty store");
  }
  const expected = await verifyDump(open);
  let op = kv.atomic();
  let n = 0;
  let bytes = 0;
  let written = 0;
  const flush = async () => {
    if (n === 0) return;
    const res = await op.commit();
    if (!res.ok) throw new Error("A restore commit failed");
    written += n;
    op = kv.atomic();
    n = 0;
    bytes = 0;
  };
  let first = true;
  for await (const l of lines(open())) {
    if (first) {
      first = false;
      continue;
    }
    const obj = JSON.parse(l);
    if ("sha256" in obj) break;
    if (n >= 500 || bytes + l.length > 400_000) await flush();
    op.set(decodeKey(obj.k), decodeValue(obj.v));
    n++;
    bytes += l.length;
  }
  await flush();
  if (written !== expected) throw new Error(`Restored ${written} of ${expected} entries`);
  return written;
}
