// The benchmark suite's pure helpers (bench/stats.ts): what the table and pass/fail rest on.
import assert from "node:assert/strict";
import {
  formatTable,
  growthRow,
  overBy,
  parseWrk,
  percentile,
  staticImports,
} from "../bench/stats.ts";
import { projectInputs, sourceHash } from "../lib/assets/hash.ts";

Deno.test("bench: percentile by nearest rank", () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

Deno.test("bench: wrk's report is read in milliseconds, errors counted", () => {
  const out = `Running 10s test @ http://127.0.0.1:8000/
  1 threads and 64 connections
  Latency Distribution
     50%  812.00us
     75%    1.10ms
     90%    2.52ms
     99%   21.30ms
  190377 requests in 10.00s, 0.90GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:  19037.70
Transfer/sec:    185.14MB
`;
  const r = parseWrk(out);
  assert.equal(r.rps, 19037.7);
  assert.equal(r.p50, 0.812);
  assert.equal(r.p99, 21.3);
  assert.equal(r.requests, 190377);
  assert.equal(r.errors, 3);
  assert.equal(r.non2xx, 5);
  assert.throws(() => parseWrk("unable to connect"));
});

Deno.test("bench: static imports are followed, dynamic ones are not", () => {
  const js = `import{a as A,b}from"./chunk-UBN.js";import"./side.js";export*from"../x.js";` +
    `const m=import("./lazy.js");import{c}from "./chunk-UBN.js";`;
  assert.deepEqual(staticImports(js), ["./chunk-UBN.js", "./side.js", "../x.js"]);
});

Deno.test("bench: the table marks pass, fail and informational rows", () => {
  const table = formatTable([
    { scenario: "a", rps: 1000.4, p50: 1.23, p99: 9.87, vsTarget: "ratio 0.80", pass: true },
    { scenario: "b", vsTarget: "31 kB", pass: false },
    { scenario: "c", rps: 5, vsTarget: "-", pass: null },
  ]);
  const lines = table.split("\n");
  assert.equal(lines.length, 5);
  assert.match(lines[2], /^a\s+1000\s+1\.2\s+9\.9\s+ratio 0\.80\s+PASS$/);
  assert.match(lines[3], /^b\s+-\s+-\s+-\s+31 kB\s+FAIL$/);
  assert.match(lines[4], /info$/);
});

Deno.test("assets: the source hash follows the bundled project files, not node_modules", async () => {
  assert.deepEqual(
    projectInputs([
      "island:PageEditor",
      "lib/format.ts",
      "node_modules/.deno/preact@10/node_modules/preact/dist/preact.mjs",
      "islands/PageEditor.tsx",
    ]),
    ["islands/PageEditor.tsx", "lib/format.ts"],
  );
  const name = `_build/hash-test-${crypto.randomUUID()}.ts`;
  const path = new URL(`../${name}`, import.meta.url);
  await Deno.mkdir(new URL("../_build/", import.meta.url), { recursive: true });
  try {
    await Deno.writeTextFile(path, "export const a = 1;");
    const before = await sourceHash([name]);
    assert.equal(await sourceHash([name]), before, "same sources, same hash");
    await Deno.writeTextFile(path, "export const a = 2;");
    assert.notEqual(await sourceHash([name]), before, "an imported lib file changed");
  } finally {
    await Deno.remove(path).catch(() => {});
  }
});

Deno.test("bench: a missed target says by how much, a met one says nothing", () => {
  assert.equal(overBy(4.2, 5, " s"), "");
  assert.equal(overBy(6, 5, " s"), ", missed by 1.00 s (20%)");
  assert.equal(overBy(0.6, 0.8, "", true), ", missed by 0.20 (25%)");
  const ok = growthRow("leads API", { p50: 2, p99: 4 }, { p50: 2.8, p99: 5 });
  assert.equal(ok.pass, true);
  assert.equal(ok.ratio, 1.4);
  const bad = growthRow("admin users", { p50: 2, p99: 4 }, { p50: 12, p99: 30 });
  assert.equal(bad.pass, false);
  assert.match(bad.vsTarget, /×6\.00 \/ ≤ 1\.5, missed by 4\.50× \(300%\)$/);
  assert.equal(bad.p50, 12, "the table's columns show the large store");
});
