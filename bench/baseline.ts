// The baseline for the published-page scenario: a bare Deno.serve answering every request with
// the bytes and headers the real site sent (BENCH_BODY_FILE, BENCH_HEADERS as JSON) on PORT.
const body = await Deno.readFile(Deno.env.get("BENCH_BODY_FILE")!);
const headers: Record<string, string> = JSON.parse(Deno.env.get("BENCH_HEADERS")!);
Deno.serve(
  { port: Number(Deno.env.get("PORT")), hostname: "127.0.0.1", onListen: () => {} },
  () => new Response(body, { headers }),
);
