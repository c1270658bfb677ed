import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, keys, kv, openKv } from "../lib/kv/index.ts";
import { defineJob, startQueue, stopQueue } from "../lib/queue/index.ts";
import { eventually } from "./_helpers.ts";

const seen: string[] = [];
let failuresLeft = 0;
const recordJob = defineJob<{ tag: string }>("test.record", ({ tag }) => {
  if (failuresLeft > 0) {
    failuresLeft--;
    return Promise.reject(new Error("injected failure"));
  }
  seen.push(tag);
  return Promise.resolve();
});
const alwaysFails = defineJob<{ tag: string }>(
  "test.fail",
  () => Promise.reject(new Error("boom")),
);

for (const backend of ["kv", "jobs"] as const) {
  Deno.test({
    name: `queue backend "${backend}": runs, delays, retries and dead-letters jobs`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      seen.length = 0;
      const cfg = setConfig(
        loadConfig({ DENO_KV_PATH: ":memory:", QUEUE_BACKEND: backend }),
      );
      await openKv(cfg);
      startQueue(cfg.queueBackend);
      try {
        await recordJob({ tag: "now" });
        const op = kv().atomic().set(["probe"], 1);
        await recordJob({ tag: "in-commit" }, { atomic: op });
        await op.commit();
        await eventually(() => seen.includes("now") && seen.includes("in-commit"));

        const t0 = Date.now();
        await recordJob({ tag: "delayed" }, { delayMs: 400 });
        await eventually(() => seen.includes("delayed"), 4000);
        assert.ok(Date.now() - t0 >= 350, "a delayed job waits for its time");

        failuresLeft = 1;
        await recordJob({ tag: "retried" });
        await eventually(() => seen.includes("retried"), 5000);
        assert.equal(
          seen.filter((s) => s === "retried").length,
          1,
          "exactly once after a retry",
        );

        if (backend === "jobs") {
          // The job list dead-letters after its last attempt; speed that up by seeding attempts.
          const id = await alwaysFails({ tag: "dead" });
          const entry = await kv().get<{ attempts: number }>(keys.job(id));
          await kv().set(keys.job(id), { ...entry.value!, attempts: 4 });
          await eventually(
            async () => (await kv().get(keys.deadJob(id))).value !== null,
            4000,
          );
          assert.equal((await kv().get(keys.job(id))).value, null);
        }
      } finally {
        await stopQueue();
        closeKv();
      }
    },
  });
}
