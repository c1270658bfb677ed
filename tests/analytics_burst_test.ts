// A burst of 10,000 concurrent visits over real HTTP to a started server (shared/API.md
// "Analytics"): every view counted once, every distinct visitor once, with the once-a-second
// flush (and extra flushes) running in the middle of the burst.
import assert from "node:assert/strict";
import http from "node:http";
import { startTestServer } from "./_helpers.ts";
import { flushBuffered } from "../lib/kv/index.ts";

const VISITS = 10_000;
const VISITORS = 2_500; // each visits four times, from its own address and browser
const IN_FLIGHT = 500;

Deno.test("analytics: 10,000 concurrent visits are counted exactly (nothing lost or doubled)", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Burst", slug: "an-burst" })).body.page;
    await owner.post(`/api/pages/${page.id}/publish`);
    const host = `an-burst.${server.sitesDomain}`;
    const get = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const v = i % VISITORS;
        const req = http.request({
          host: "127.0.0.1",
          port: server.port,
          path: v % 10 === 0 ? "/?utm_source=burst&utm_campaign=b" : "/",
          agent,
          headers: {
            host,
            "x-forwarded-for": `10.${v >> 8}.${v & 255}.1`,
            "user-agent": `Mozilla/5.0 (X11; Linux x86_64) Burst/${v % 3}`,
          },
        }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end();
      });
    let next = 0;
    let ok = 0;
    const flushes: Promise<void>[] = [];
    const worker = async () => {
      while (next < VISITS) {
        const i = next++;
        if ((await get(i)) === 200) ok++;
        // Flushes in the middle of the burst too (besides the server's own each second).
        if (i % 2000 === 0) flushes.push(flushBuffered());
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const ms = Date.now() - started;
    await Promise.all(flushes);
    assert.equal(ok, VISITS);
    await flushBuffered();
    await flushBuffered(); // a flush after the last one: nothing left, nothing added
    const report = (await owner.get(`/api/pages/${page.id}/analytics`)).body;
    console.log(`${VISITS} visits in ${ms} ms (${Math.round(VISITS / (ms / 1000))}/s)`);
    assert.equal(report.totals.views, VISITS);
    assert.equal(report.totals.visitors, VISITORS);
    const burst = report.sources.find((s: { source: string }) => s.source === "burst");
    assert.equal(burst.visitors, VISITORS / 10);
    assert.equal(report.campaigns[0].visitors, VISITORS / 10);
    const devices = report.devices.reduce(
      (n: number, d: { visitors: number }) => n + d.visitors,
      0,
    );
    assert.equal(devices, VISITORS);
  } finally {
    agent.destroy();
    await server.close();
  }
});
