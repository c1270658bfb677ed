import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, kv, openKv } from "../lib/kv/index.ts";
import {
  addEvent,
  closeHubs,
  eventsAfter,
  hubCount,
  listenerCount,
  publish,
  type RtEvent,
  subscribe,
} from "../lib/realtime/index.ts";
import { eventually } from "./_helpers.ts";

Deno.test({
  name: "realtime: one watch per topic, fan-out to every listener, replay after Last-Event-ID",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      const old = await publish("room:1", "message", { n: 0 });
      const a: RtEvent[] = [];
      const b: RtEvent[] = [];
      const stopA = await subscribe(["room:1"], null, (e) => a.push(e));
      const stopB = await subscribe(["room:1"], null, (e) => b.push(e));
      assert.equal(hubCount(), 1, "listeners share one hub (one kv.watch)");
      await publish("room:1", "message", { n: 1 });
      const op = kv().atomic();
      addEvent(op, "room:1", "message", { n: 2 });
      await op.commit();
      await eventually(() => a.length === 2 && b.length === 2);
      assert.deepEqual(
        a.map((e) => (e.data as { n: number }).n),
        [1, 2],
        "old events are not redelivered",
      );

      const replayed: RtEvent[] = [];
      const stopC = await subscribe(
        ["room:1"],
        old.id,
        (e) => replayed.push(e),
      );
      await publish("room:1", "message", { n: 3 });
      // A later event is the signal that anything duplicated would have arrived by now.
      await publish("room:1", "message", { n: 4 });
      await eventually(() => replayed.some((e) => (e.data as { n: number }).n === 4));
      assert.deepEqual(replayed.map((e) => (e.data as { n: number }).n), [
        1,
        2,
        3,
        4,
      ], "exactly once, in order");
      // A Last-Event-ID above every id (U+FFFF, an emoji) replays nothing instead of failing.
      assert.deepEqual(await eventsAfter("room:1", "\uFFFF"), []);
      assert.deepEqual(await eventsAfter("room:1", "😀"), []);
      stopA();
      stopB();
      stopC();
      assert.equal(hubCount(), 0, "the watch closes with its last listener");
    } finally {
      closeHubs();
      closeKv();
    }
  },
});

Deno.test({
  name: "realtime: a replay that fails (KV busy) leaves no listener or hub behind",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      const first = await publish("room:busy", "message", { n: 1 });
      const stop = await subscribe(["room:busy"], null, () => {});
      assert.equal(listenerCount("room:busy"), 1);
      // The hubs are ready; from here every KV list (the replay's read) fails.
      const db = kv();
      const list = db.list;
      db.list = () => {
        throw new Error("KV busy");
      };
      try {
        await assert.rejects(
          subscribe(["room:busy", "room:fresh"], first.id, () => {}),
          /KV busy/,
        );
      } finally {
        db.list = list;
      }
      assert.equal(
        listenerCount("room:busy"),
        1,
        "a failed subscribe leaves its listener on the hub",
      );
      assert.equal(listenerCount("room:fresh"), 0);
      assert.equal(hubCount(), 1, "a failed subscribe leaves the hub it opened watching");
      stop();
      assert.equal(hubCount(), 0);
    } finally {
      closeHubs();
      closeKv();
    }
  },
});
