import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/index.ts";
import { closeHubs, hubCount, publish, sseResponse, streamCount } from "../lib/realtime/index.ts";

Deno.test("an event stream closed by shutdown while it subscribes leaves nothing running", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    await publish("room:s", "message", { n: 1 });
    let checks = 0;
    const pending = sseResponse(new Request("http://localhost/events"), ["room:s"], {
      heartbeatMs: 20,
      stillAllowed: () => Promise.resolve(++checks > 0),
      recheckMs: 20,
    });
    // Shutdown lands before the hub's watch has reported (subscribe is still waiting on it).
    closeHubs(1000);
    const res = await pending;
    assert.equal(await res.text(), "retry: 2000\n\nretry: 1000\n\n");
    assert.equal(streamCount(), 0);
    assert.equal(hubCount(), 0);
    // Its timers never started: no access re-check runs for a stream that is gone.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(checks, 0, "a closed stream keeps re-checking access");
  } finally {
    closeHubs();
    closeKv();
  }
});
