// /metrics for the queue, on both backends: depth and the oldest due job's age by job type (read
// from KV at scrape time), failures by type and outcome, dead letters by type.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, keys, kv, openKv } from "../lib/kv/index.ts";
import { defineJob, startQueue, stopQueue } from "../lib/queue/index.ts";
import { collectMetrics } from "../lib/ops/index.ts";
import { eventually } from "./_helpers.ts";

let release: () => void = () => {};
let started = false;
const gated = defineJob<Record<string, never>>("test.gated", async () => {
  started = true;
  await new Promise<void>((r) => release = r);
});
const later = defineJob<Record<string, never>>("test.later", () => Promise.resolve());
const boom = defineJob<Record<string, never>>(
  "test.boom",
  () => Promise.reject(new Error("boom")),
);

/** The value of one series in the metrics text (null when absent). */
function series(text: string, name: string, type: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{type="${type}"`));
  return line ? Number(line.split(" ").at(-1)) : null;
}

for (const backend of ["kv", "jobs"] as const) {
  Deno.test({
    name: `queue metrics, backend "${backend}": depth, age, failures and dead letters by type`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      started = false;
      const cfg = setConfig(loadConfig({ DENO_KV_PATH: ":memory:", QUEUE_BACKEND: backend }));
      await openKv(cfg);
      startQueue(cfg.queueBackend);
      try {
        await gated({});
        await eventually(() => started, 5000);
        await later({}, { delayMs: 60_000 });
        await new Promise((r) => setTimeout(r, 1100));
        const text = await collectMetrics();
        assert.equal(series(text, "landinghub_queue_depth", "test.gated"), 1, text);
        assert.ok(series(text, "landinghub_queue_oldest_age_seconds", "test.gated")! >= 1, text);
        assert.equal(series(text, "landinghub_queue_depth", "test.later"), 1, text);
        // Not due yet: it has not waited at all.
        assert.equal(series(text, "landinghub_queue_oldest_age_seconds", "test.later"), 0);

        // A job on its last attempt fails: counted as dead, by type, and dead-lettered.
        const id = await boom({}, { delayMs: 300 });
        const key = backend === "jobs" ? keys.job(id) : keys.jobPending(id);
        const entry = await kv().get<{ attempts: number }>(key);
        await kv().set(key, { ...entry.value!, attempts: 4 });
        // (The count comes as the attempt ends, the record's clean-up a moment later.)
        await eventually(async () => {
          const text = await collectMetrics();
          return /landinghub_queue_jobs_total\{type="test\.boom",outcome="dead"\} [1-9]/.test(
            text,
          ) &&
            series(text, "landinghub_queue_depth", "test.boom") === null &&
            // KV's own queue writes its dead letter only after its whole backoff schedule.
            (backend === "kv" || series(text, "landinghub_queue_dead_jobs", "test.boom") === 1);
        }, 5000);

        // A first failure is a retry, and the job stays in the depth until its next attempt.
        await boom({});
        await eventually(
          async () =>
            /landinghub_queue_jobs_total\{type="test\.boom",outcome="retry"\} [1-9]/.test(
              await collectMetrics(),
            ),
          5000,
        );
        assert.equal(series(await collectMetrics(), "landinghub_queue_depth", "test.boom"), 1);

        release();
        await eventually(
          async () =>
            series(await collectMetrics(), "landinghub_queue_depth", "test.gated") === null,
          5000,
        );
        assert.ok(!(await collectMetrics()).includes("# collector"), "no collector failed");
      } finally {
        release();
        await stopQueue(100);
        closeKv();
      }
    },
  });
}
