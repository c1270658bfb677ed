// SSE listeners in their own process: usage deno run -A bench/sse_listeners.ts '<json options>'.
// Opens `n` raw HTTP/1.1 connections to an event stream, prints {"ready":n,"failed":k} once they
// are subscribed, then records when each marker text first arrives on each connection. After a
// "done" line on stdin (the last marker was posted) it waits up to `graceMs` for stragglers and
// prints {"deliveries": {marker: [epoch ms, …]}, "missing": count}.
interface Options {
  port: number;
  path: string;
  token: string;
  n: number;
  markers: string[];
  graceMs: number;
}

const opts: Options = JSON.parse(Deno.args[0]);
const now = () => performance.timeOrigin + performance.now();
const deliveries: Record<string, number[]> = Object.fromEntries(opts.markers.map((m) => [m, []]));
const keep = Math.max(...opts.markers.map((m) => m.length));
const conns: Deno.Conn[] = [];
let pending = opts.n * opts.markers.length;
let allDelivered: () => void;
const delivered = new Promise<void>((r) => allDelivered = r);

async function listen(): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: opts.port });
  conns.push(conn);
  await conn.write(new TextEncoder().encode(
    `GET ${opts.path} HTTP/1.1\r\nHost: 127.0.0.1:${opts.port}\r\n` +
      `Authorization: Bearer ${opts.token}\r\nAccept: text/event-stream\r\n\r\n`,
  ));
  const decoder = new TextDecoder();
  const buf = new Uint8Array(16 * 1024);
  const seen = new Set<string>();
  let text = "";
  let subscribing = true;
  const subscribed = Promise.withResolvers<void>();
  (async () => {
    while (true) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      const at = now();
      if (subscribing) {
        if (!text.includes("\r\n\r\n")) continue;
        if (!text.startsWith("HTTP/1.1 200")) {
          subscribed.reject(new Error(text.split("\r\n")[0]));
          break;
        }
        if (!text.includes("retry:")) continue;
        subscribing = false;
        subscribed.resolve();
      }
      for (const m of opts.markers) {
        if (!seen.has(m) && text.includes(m)) {
          seen.add(m);
          deliveries[m].push(at);
          if (--pending === 0) allDelivered();
        }
      }
      text = text.slice(-keep);
    }
    if (subscribing) subscribed.reject(new Error("closed before subscribing"));
  })();
  await subscribed.promise;
}

let failed = 0;
for (let i = 0; i < opts.n; i += 100) {
  const batch = Array.from({ length: Math.min(100, opts.n - i) }, () => listen());
  for (const r of await Promise.allSettled(batch)) if (r.status === "rejected") failed++;
}
pending -= failed * opts.markers.length;
console.log(JSON.stringify({ ready: opts.n - failed, failed }));

let input = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  input += chunk;
  if (input.includes("done")) break;
}
await Promise.race([delivered, new Promise((r) => setTimeout(r, opts.graceMs))]);
const missing = opts.markers.reduce((n, m) => n + (opts.n - failed - deliveries[m].length), 0);
console.log(JSON.stringify({ deliveries, missing }));
for (const c of conns) {
  try {
    c.close();
  } catch { /* already closed */ }
}
Deno.exit(0);
