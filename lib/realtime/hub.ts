// Realtime fan-out (event streams over it: sse.ts): every topic ("room:<id>", "user:<id>", "dashboard") has an event log in KV
// and a head key. One kv.watch per topic per process wakes a hub that reads the log after what it
// has delivered and hands each new event to that process's listeners. Because watch only reports
// the latest state, the log (not the watch value) is the source of truth, which also serves
// Last-Event-ID replay.
import { idTime, idTimePrefix, keys, kv, listAfterId, newId } from "../kv/index.ts";

export interface RtEvent {
  id: string;
  type: string;
  data: unknown;
}

const EVENT_TTL_MS = 7 * 24 * 3600 * 1000;
// Ids are minted before commit, so a commit can land slightly out of id order: the hub re-reads
// this window behind its last id and drops what it already delivered.
const REORDER_WINDOW_MS = 3000;

/** Add an event to an atomic operation (committed with the change it reports). */
export function addEvent(
  op: Deno.AtomicOperation,
  topic: string,
  type: string,
  data: unknown,
) {
  const event: RtEvent = { id: newId(), type, data };
  op.set(keys.event(topic, event.id), event, { expireIn: EVENT_TTL_MS })
    .set(keys.eventHead(topic), event.id);
  return event;
}

export async function publish(topic: string, type: string, data: unknown) {
  const op = kv().atomic();
  const event = addEvent(op, topic, type, data);
  await op.commit();
  return event;
}

export async function eventsAfter(
  topic: string,
  afterId: string | null,
  limit = 1000,
) {
  const out: RtEvent[] = [];
  // A Last-Event-ID above every id (U+FFFF) replays nothing rather than failing the range.
  const iter = afterId
    ? listAfterId<RtEvent>(keys.events(topic), afterId, limit)
    : kv().list<RtEvent>({ prefix: keys.events(topic) }, { limit });
  for await (const e of iter) out.push(e.value);
  return out;
}

const PAGE = 500;
/** Most events one replay or one catch-up read returns per topic (a bound on memory). */
const READ_MAX = 20_000;

/**
 * Every logged event after `afterId`, read page by page until caught up (a burst can put more
 * than one page inside the hub's reorder window; a single page would drop the tail for good).
 */
export async function allEventsAfter(topic: string, afterId: string | null, max = READ_MAX) {
  const out: RtEvent[] = [];
  let cursor = afterId;
  while (out.length < max) {
    const page = await eventsAfter(topic, cursor, Math.min(PAGE, max - out.length));
    out.push(...page);
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
  }
  return out;
}

/** A lower bound for ids made up to `backMs` before `id`. */
const idFloor = (id: string, backMs: number) => idTimePrefix(Math.max(0, idTime(id) - backMs));

type Listener = (event: RtEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  delivered: Map<string, number>;
  lastId: string | null;
  ready: Promise<void>;
  stop: () => void;
}

const hubs = new Map<string, Hub>();
/** Wait before re-reading the log after a failed read (the hub never waits for the next wake-up). */
const RETRY_MS = 200;

function openHub(topic: string): Hub {
  const stream = kv().watch([keys.eventHead(topic)]);
  const reader = stream.getReader();
  let markReady!: () => void;
  let stopped = false;
  const hub: Hub = {
    listeners: new Set(),
    delivered: new Map(),
    lastId: null,
    ready: new Promise((r) => markReady = r),
    stop: () => {
      stopped = true;
      reader.cancel().catch(() => {});
    },
  };
  // One read at a time; a wake-up during a read sets `again`, so it is never lost, and any number
  // of wake-ups during one read cost one more read (watch only reports the latest head anyway).
  let running = false;
  let again = false;
  const wake = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if (stopped) break;
        try {
          await pump(topic, hub);
        } catch {
          // KV busy or closing: read again shortly rather than stall until the next event
          if (stopped) break;
          await new Promise((r) => setTimeout(r, RETRY_MS));
          again = true;
        }
      } while (again);
    } finally {
      running = false;
    }
  };
  (async () => {
    let first = true;
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        if (first) {
          const head = (value[0].value as string | null) ?? null;
          hub.lastId = head;
          if (head) {
            // what is in the log up to the head counts as delivered: listeners get only newer
            // events (anything committed since is above the head and arrives with the next read)
            const recent = await allEventsAfter(topic, idFloor(head, REORDER_WINDOW_MS));
            const now = Date.now();
            for (const ev of recent) if (ev.id <= head) hub.delivered.set(ev.id, now);
          }
          first = false;
          markReady();
        }
        wake();
      }
    } catch { /* KV closed */ }
    stopped = true;
    markReady();
  })();
  return hub;
}

/** Delivers what the log holds past the hub's last id (re-reading the reorder window). */
async function pump(topic: string, hub: Hub) {
  // Page by page from the window's floor to the end of the log, delivering as it goes (memory
  // stays one page however long the burst).
  let cursor = hub.lastId ? idFloor(hub.lastId, REORDER_WINDOW_MS) : null;
  const now = Date.now();
  while (true) {
    const page = await eventsAfter(topic, cursor, PAGE);
    for (const ev of page) {
      if (hub.delivered.has(ev.id)) continue;
      hub.delivered.set(ev.id, now);
      if (!hub.lastId || ev.id > hub.lastId) hub.lastId = ev.id;
      for (const l of hub.listeners) {
        try {
          l(ev);
        } catch { /* one listener's failure must not cost the others (or the hub) events */ }
      }
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
  }
  // Ids below the window's floor are never read again, so their marks can go.
  const floor = hub.lastId ? idFloor(hub.lastId, REORDER_WINDOW_MS) : null;
  for (const [id, at] of hub.delivered) {
    if (now - at > 4 * REORDER_WINDOW_MS && (!floor || id < floor)) hub.delivered.delete(id);
  }
}

/**
 * Listen to topics. Events after `lastEventId` (per topic) are replayed first, then live
 * events follow; each event reaches the listener once.
 */
export async function subscribe(
  topics: string[],
  lastEventId: string | null,
  listener: Listener,
): Promise<() => void> {
  // `seen` holds only what the replay and the start-up buffer delivered (a hub hands each event
  // out once, so live events need no mark); both go once the stream is live and nothing was
  // replayed, so a long-lived listener keeps neither (5,000 listeners on a room: see sse.ts).
  let seen: Set<string> | null = new Set<string>();
  let buffer: RtEvent[] | null = [];
  const deliver = (ev: RtEvent) => {
    if (seen?.has(ev.id)) return;
    if (buffer) seen?.add(ev.id);
    listener(ev);
  };
  const onEvent: Listener = (ev) => buffer ? buffer.push(ev) : deliver(ev);
  for (const topic of topics) {
    let hub = hubs.get(topic);
    if (!hub) {
      hub = openHub(topic);
      hubs.set(topic, hub);
    }
    hub.listeners.add(onEvent);
  }
  const unsubscribe = () => {
    for (const topic of topics) {
      const hub = hubs.get(topic);
      if (!hub) continue;
      hub.listeners.delete(onEvent);
      if (hub.listeners.size === 0) {
        hub.stop();
        hubs.delete(topic);
      }
    }
  };
  try {
    await Promise.all(topics.map((t) => hubs.get(t)!.ready));
    if (lastEventId) {
      const replay = (await Promise.all(topics.map((t) => allEventsAfter(t, lastEventId))))
        .flat().sort((a, b) => a.id < b.id ? -1 : 1);
      for (const ev of replay) deliver(ev);
    }
  } catch (err) {
    // The caller gets no unsubscribe function, so nothing set up here may stay (hubs never stop
    // on their own): the listener goes, and with it a hub it alone kept open.
    unsubscribe();
    throw err;
  }
  // Events that arrived during the replay are delivered (and marked) while `buffer` is still set.
  for (let i = 0; i < buffer.length; i++) deliver(buffer[i]);
  buffer = null;
  if (seen.size === 0) seen = null;
  return unsubscribe;
}

/** Stop every hub (server shutdown: closeHubs in index.ts ends the streams first). */
export function stopHubs() {
  for (const hub of hubs.values()) hub.stop();
  hubs.clear();
}

export function hubCount() {
  return hubs.size;
}

/** Listeners on `topic`'s hub in this process (0 without a hub). */
export function listenerCount(topic: string) {
  return hubs.get(topic)?.listeners.size ?? 0;
}
