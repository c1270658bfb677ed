// HTTP and process helpers of the benchmark orchestrator.
import http from "node:http";

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A JSON API call (Bearer auth); throws unless the status is `expect`. */
export async function api<T = Record<string, unknown>>(
  origin: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; expect?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(origin + path, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
  });
  const text = await res.text();
  if (res.status !== (opts.expect ?? 200)) {
    throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** GET with an explicit Host header and no decompression (fetch always sends the URL's host). */
export function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, headers }, (res) => {
      const chunks: Uint8Array[] = [];
      res.on("data", (c: Uint8Array) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(res.headers).map((
              [k, v],
            ) => [k, Array.isArray(v) ? v.join(", ") : v ?? ""]),
          ),
          body: concat(chunks),
        }));
    });
    req.on("error", reject);
    req.end();
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function gzipSize(bytes: Uint8Array | string): Promise<number> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Poll `url` until it answers 200. */
export async function waitReady(url: string, timeoutMs = 60_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not come up`);
}

/**
 * Start `deno run -A <args>` with only `env` (plus PATH/HOME/DENO_DIR), the soft file limit
 * raised to the hard one (1000 SSE listeners need that many descriptors on each side).
 */
export function spawnDeno(
  args: string[],
  env: Record<string, string> = {},
  io: { stdin?: "piped" | "null"; stdout?: "piped" | "null" | "inherit" } = {},
): Deno.ChildProcess {
  const keep = Object.fromEntries(
    ["PATH", "HOME", "DENO_DIR"].flatMap((k) => Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []),
  );
  return new Deno.Command("sh", {
    args: [
      "-c",
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      Deno.execPath(),
      "run",
      "-A",
      ...args,
    ],
    env: { ...keep, ...env },
    clearEnv: true,
    cwd: new URL("../", import.meta.url).pathname,
    stdin: io.stdin ?? "null",
    stdout: io.stdout ?? "null",
    stderr: "inherit",
  }).spawn();
}

/** Read a child's stdout one line at a time. */
export function lineReader(stream: ReadableStream<Uint8Array<ArrayBuffer>>): () => Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  return async () => {
    while (!buf.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the child process ended early");
      buf += value;
    }
    const i = buf.indexOf("\n");
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    return line;
  };
}
