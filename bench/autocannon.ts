// Load generator process (autocannon). Usage: deno run -A bench/autocannon.ts '<json options>'.
// Prints one JSON object: a LoadResult, plus `acked` (the ids answered 201) for lead runs, where
// each request carries a unique id in its body so stored leads can be matched to responses.
// deno-lint-ignore-file no-explicit-any -- autocannon ships no types
import autocannon from "autocannon";
import type { LoadResult } from "./stats.ts";

interface Options {
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
  /** POST a unique JSON lead `{ name, email }` per request and report the ids answered 201. */
  leadTag?: string;
}

const opts: Options = JSON.parse(Deno.args[0]);
const acked: string[] = [];
let seq = 0;
const leadRequest = {
  method: "POST",
  setupRequest: (req: any, ctx: any) => {
    ctx.id = `${opts.leadTag}-${++seq}`;
    return { ...req, body: JSON.stringify({ name: ctx.id, email: `${ctx.id}@bench.example` }) };
  },
  onResponse: (status: number, _body: unknown, ctx: any) => {
    if (status === 201) acked.push(ctx.id);
  },
};

const r: any = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  method: opts.method ?? "GET",
  headers: opts.headers,
  requests: opts.leadTag ? [leadRequest] : undefined,
});

const result: LoadResult & { codes: Record<string, number>; acked?: string[] } = {
  tool: "autocannon",
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  codes: Object.fromEntries(
    Object.entries(r.statusCodeStats as Record<string, { count: number }>)
      .map(([code, s]) => [code, s.count]),
  ),
  ...(opts.leadTag ? { acked } : {}),
};
console.log(JSON.stringify(result));
