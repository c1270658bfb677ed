import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/index.ts";
import { closeHubs, sseResponse, streamCount } from "../lib/realtime/index.ts";
import { onRecheckTick } from "../lib/realtime/sse.ts";

// 5,000 streams on distinct sessions re-check access (a KV read each) every 5 s: on one shared
// tick that is a burst of 5,000 reads at once. The shared timer ticks every interval/10 instead
// and each tick re-checks only the streams whose turn it is.
Deno.test("access re-checks are spread over the interval, each stream still re-checked within it", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  const INTERVAL = 1000;
  const TICKS = 10; // ticks per interval
  const N = 200;
  const perTick: number[] = []; // streams re-checked by each tick
  onRecheckTick((n) => perTick.push(n));
  /** Waits for `k` more ticks; fails (never returns quietly) if they don't come. */
  const waitTicks = async (k: number) => {
    const target = perTick.length + k;
    const deadline = Date.now() + k * INTERVAL + 3000;
    while (perTick.length < target) {
      if (Date.now() > deadline) throw new Error(`${k} re-check ticks did not come in time`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const openedAt: number[] = []; // tick index when each stream opened
  const checkedAt: number[][] = []; // tick indexes of each stream's re-checks
  const closedAt: number[] = [];
  const allowed: boolean[] = [];
  const held: Response[] = [];
  const open = async (i: number) => {
    openedAt[i] = perTick.length;
    checkedAt[i] = [];
    allowed[i] = true;
    held.push(
      await sseResponse(new Request("http://localhost/events"), ["room:spread"], {
        recheckMs: INTERVAL,
        heartbeatMs: 60_000,
        stillAllowed: () => {
          checkedAt[i].push(perTick.length);
          return Promise.resolve(allowed[i]);
        },
        onClose: () => closedAt[i] = perTick.length,
      }),
    );
  };
  const maxBurst = Math.ceil(N / TICKS) + 2;
  try {
    for (let i = 0; i < N / 2; i++) await open(i); // half at once
    await waitTicks(3);
    for (let i = N / 2; i < N; i++) await open(i); // half some ticks later
    await waitTicks(2 * TICKS + 1);
    assert.ok(
      Math.max(...perTick) <= maxBurst,
      `a tick re-checked ${Math.max(...perTick)} of ${N} streams (at most ${maxBurst} expected)`,
    );
    const last = perTick.length - 1;
    for (let i = 0; i < N; i++) {
      // every stream's turns are at most TICKS apart, from its opening to the last tick
      const turns = [openedAt[i], ...checkedAt[i], last];
      for (let j = 1; j < turns.length; j++) {
        assert.ok(turns[j] - turns[j - 1] <= TICKS, `stream ${i}: re-checked at ${turns}`);
      }
    }

    // Access revoked: the stream ends within the interval (plus a tick).
    const revokedAt = perTick.length;
    allowed[7] = allowed[150] = false;
    await waitTicks(TICKS + 1);
    for (const i of [7, 150]) {
      assert.ok(closedAt[i] !== undefined, `stream ${i} still open after access was revoked`);
      assert.ok(
        closedAt[i] - revokedAt <= TICKS + 1,
        `stream ${i} closed ${closedAt[i] - revokedAt} ticks late`,
      );
    }
    assert.equal(streamCount(), N - 2);
    assert.ok(Math.max(...perTick) <= maxBurst, `a tick re-checked ${Math.max(...perTick)}`);
  } finally {
    onRecheckTick();
    closeHubs();
    closeKv();
    await Promise.all(held.map((r) => r.body?.cancel()));
  }
});
