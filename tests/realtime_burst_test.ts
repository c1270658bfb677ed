// A burst on one topic (more events than one log page inside the hub's reorder window) must not
// stall the hub: every event reaches a subscriber once, each writer's events in order, and events
// published after the burst still arrive. SSE replay after a burst gives every missed event.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, kv, openKv } from "../lib/kv/index.ts";
import { closeHubs, publish, type RtEvent, sseResponse, subscribe } from "../lib/realtime/index.ts";
import { MARKET_TOPIC } from "../lib/realtime/topics.ts";
import { eventually } from "./_helpers.ts";

const WRITERS = 8;
const PER_WRITER = 250; // 2,000 events

type Payload = { w: number; n: number };

async function burst(topic: string, tag: string) {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; n < PER_WRITER; n++) {
        ids.push((await publish(topic, tag, { w, n })).id);
      }
    }),
  );
  return ids;
}

function assertExactlyOnceInWriterOrder(got: RtEvent[], published: string[]) {
  const ids = got.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, "no event is delivered twice");
  assert.deepEqual([...ids].sort(), [...published].sort(), "every published event arrives");
  const next = new Array(WRITERS).fill(0);
  for (const e of got) {
    const { w, n } = e.data as Payload;
    assert.equal(n, next[w], `writer ${w}'s events arrive in order`);
    next[w]++;
  }
}

Deno.test({
  name:
    "realtime: a 2,000-event burst on one topic reaches a subscriber once each, then live events follow",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      const got: RtEvent[] = [];
      const stop = await subscribe([MARKET_TOPIC], null, (e) => got.push(e));
      const published = await burst(MARKET_TOPIC, "listing");
      assert.equal(published.length, WRITERS * PER_WRITER);
      await eventually(() => got.length >= published.length, 15000);
      assertExactlyOnceInWriterOrder(got, published);

      // The hub keeps following the topic after the burst.
      const after = await publish(MARKET_TOPIC, "listing", { w: 0, n: PER_WRITER });
      await eventually(() => got.some((e) => e.id === after.id), 5000);
      assert.equal(got.length, published.length + 1, "nothing extra arrives");
      stop();
    } finally {
      closeHubs();
      closeKv();
    }
  },
});

/** Reads SSE frames from `res` until `until` holds; fails on timeout. */
async function readFrames(res: Response, until: (ids: string[]) => boolean, timeoutMs: number) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ids: string[] = [];
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(ids)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE: ${ids.length} events within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`SSE: ${ids.length} events, timed out`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error(`SSE ended after ${ids.length} events`);
      text += chunk.value;
      const frames = text.split("\n\n");
      text = frames.pop()!;
      for (const f of frames) {
        const m = /^id: (.+)$/m.exec(f);
        if (m) ids.push(m[1]);
      }
    }
    return ids;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

Deno.test({
  name:
    "realtime: SSE replay with Last-Event-ID after a 2,000-event burst gives every missed event",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      const topic = "room:burst";
      const before = await publish(topic, "message", { w: -1, n: 0 });
      const published = await burst(topic, "message");
      const res = await sseResponse(
        new Request("http://x/stream", { headers: { "last-event-id": before.id } }),
        [topic],
      );
      const live = publish(topic, "message", { w: 0, n: PER_WRITER });
      const liveId = (await live).id;
      const ids = await readFrames(res, (ids) => ids.includes(liveId), 15000);
      assert.equal(new Set(ids).size, ids.length, "no event is sent twice");
      assert.deepEqual(ids, [...published].sort().concat(liveId), "replay in id order, then live");
    } finally {
      closeHubs();
      closeKv();
    }
  },
});

Deno.test({
  name: "realtime: a log read that throws is retried, not left until the next event",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    const store = kv();
    const list = store.list.bind(store);
    try {
      const got: RtEvent[] = [];
      const stop = await subscribe(["room:flaky"], null, (e) => got.push(e));
      let failures = 2;
      store.list = ((...args: Parameters<typeof list>) => {
        if (failures > 0 && JSON.stringify(args[0]).includes("room:flaky")) {
          failures--;
          throw new Error("KV busy");
        }
        return list(...args);
      }) as typeof store.list;
      const ev = await publish("room:flaky", "message", { w: 0, n: 0 });
      // No later event comes to wake the hub: the retry alone must deliver it.
      await eventually(() => got.some((e) => e.id === ev.id), 5000);
      assert.equal(failures, 0, "the reads did fail");
      assert.equal(got.length, 1);
      stop();
    } finally {
      store.list = list;
      closeHubs();
      closeKv();
    }
  },
});
