// One live event stream per page, shared by every island on it (the notification bell, the room
// list, the open conversation, the chat widget). Browsers allow 6 connections per host over
// HTTP/1.1, so a stream per widget soon leaves a few open tabs without connections; here each
// island asks for its topics and listens by event type, and the page keeps a single EventSource on
// GET /api/chat/events?topics=… . When the topics change (the chat widget opens a room) the stream
// is reopened with the last event id seen, and the server replays what came in between.
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";

// deno-lint-ignore no-explicit-any -- event payloads are JSON
export type Handler = (data: any, ev: MessageEvent) => void;

interface Sub {
  topics: string[];
  on: Record<string, Handler>;
  /** A cursor from the server-rendered page: replay what happened after it was rendered. */
  since?: string;
  onState: (open: boolean) => void;
}

const subs = new Set<Sub>();
let source: EventSource | null = null;
let current = "";
let lastId = "";
let open = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let retryMs = 2000;
const types = new Set<string>();

const inBrowser = () => typeof document !== "undefined" && typeof EventSource !== "undefined";

// Islands hydrate one module script at a time, after the document is parsed and before
// DOMContentLoaded; the stream opens after that, when every island has said what it wants.
let domReady = true;
if (inBrowser()) {
  const nav = performance.getEntriesByType?.("navigation")[0] as
    | PerformanceNavigationTiming
    | undefined;
  domReady = document.readyState === "complete" || (nav?.domContentLoadedEventStart ?? 0) > 0;
  if (!domReady) {
    document.addEventListener("DOMContentLoaded", () => (domReady = true), { once: true });
  }
}

function wanted(): string {
  const topics = new Set<string>();
  for (const s of subs) for (const t of s.topics) topics.add(t);
  return [...topics].sort().join(",");
}

/** Sync the stream with the wanted topics once the page's islands have all said what they want. */
function schedule(delay = 0) {
  clearTimeout(timer);
  const run = () => (timer = setTimeout(sync, delay));
  if (!domReady) document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}

function dispatch(e: Event) {
  const ev = e as MessageEvent;
  if (ev.lastEventId) lastId = ev.lastEventId;
  let data: unknown;
  try {
    data = JSON.parse(ev.data);
  } catch {
    return;
  }
  for (const s of [...subs]) s.on[ev.type]?.(data, ev);
}

function listen() {
  if (!source) return;
  for (const s of subs) {
    for (const type of Object.keys(s.on)) {
      if (!types.has(type)) {
        types.add(type);
        source.addEventListener(type, dispatch);
      }
    }
  }
}

function setOpen(value: boolean) {
  open = value;
  for (const s of subs) s.onState(value);
}

function sync() {
  const topics = wanted();
  if (source && topics === current) return listen();
  source?.close();
  source = null;
  types.clear();
  current = topics;
  if (!topics) return setOpen(false);
  if (!lastId) {
    // Start from the oldest page-render cursor, so nothing between render and connect is lost.
    const cursors = [...subs].map((s) => s.since).filter((c): c is string => !!c).sort();
    lastId = cursors[0] ?? "";
  }
  const es = new EventSource(
    `/api/chat/events?topics=${encodeURIComponent(topics)}` +
      (lastId ? `&lastEventId=${encodeURIComponent(lastId)}` : ""),
  );
  source = es;
  types.add("ready");
  es.addEventListener("ready", dispatch);
  listen();
  es.onopen = () => {
    retryMs = 2000;
    setOpen(true);
  };
  es.onerror = () => {
    setOpen(false);
    // EventSource retries by itself after a network error, but gives up on an HTTP error (an
    // expired session, a room gone): then try again a little later from the last event.
    if (es.readyState === EventSource.CLOSED && source === es) {
      source = null;
      current = "";
      schedule(retryMs);
      retryMs = Math.min(retryMs * 2, 60_000);
    }
  };
}

/**
 * Listen to `topics` ("notifications", "rooms", "room:<id>") on the page's shared stream, calling
 * `on[type]` for each event of that type (events of other islands' topics arrive too: filter by
 * id). Returns whether the stream is connected. Call it during render, as hooks are: islands that
 * hydrate together then share the first connection.
 */
export function useLive(
  topics: string[],
  on: Record<string, Handler>,
  opts: { since?: string } = {},
): Signal<boolean> {
  const connected = useSignal(false);
  const handlers = useRef(on);
  handlers.current = on;
  const key = topics.join(",");
  const sub = useMemo(() => {
    const s: Sub = {
      topics,
      since: opts.since,
      on: Object.fromEntries(
        Object.keys(on).map((type): [string, Handler] => [
          type,
          (data, ev) => handlers.current[type]?.(data, ev),
        ]),
      ),
      onState: (v) => (connected.value = v),
    };
    if (inBrowser() && topics.length) {
      subs.add(s);
      connected.value = open && current.split(",").includes(key);
      schedule();
    }
    return s;
  }, [key]);
  useEffect(() => () => {
    if (subs.delete(sub)) schedule(50);
  }, [sub]);
  return connected;
}
