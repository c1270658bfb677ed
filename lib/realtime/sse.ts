// Event streams (text/event-stream) over the hubs of hub.ts.
//
// Memory per open stream is what limits how many listeners one process holds (issue 14: 5,000 on
// one room), so a stream is one small object, not a web of closures and timers:
// - Deno 2.9's `Deno.serve` gives every ReadableStream response body a native ring of 1,024 slots
//   (~32 kB, ext/web/stream_resource.rs) on top of ~17 kB for the connection and ~5 kB of its own
//   JS objects: a bare server holding 5,000 such streams is ~340 MB. That floor is not ours to cut;
//   everything below is what the app adds on top of it.
// - Heartbeats and access re-checks run on one shared timer per period for all streams, not two
//   intervals per stream; each stream has its turn in the period, so the work is spread over it.
// - Nothing keeps the Request, its AbortSignal or the Hono Context: the handler reads what it needs
//   up front, and a client going away is seen through the body's cancel().
import { type RtEvent, subscribe } from "./hub.ts";

export interface SseOptions {
  /** Sent first (e.g. a stats snapshot). */
  initial?: RtEvent[];
  /** Turn a log event into what the client gets (may be async; order is kept). */
  map?: (ev: RtEvent) => RtEvent | null | Promise<RtEvent | null>;
  heartbeatMs?: number;
  /** Checked every `recheckMs` (default 5 s): once false, the stream ends. */
  stillAllowed?: () => Promise<boolean>;
  recheckMs?: number;
  /** Called once when the stream ends, however it ends (client gone, access lost, shutdown). */
  onClose?: () => void;
}

const encoder = new TextEncoder();
const PING = encoder.encode(": ping\n\n");
const RETRY = encoder.encode("retry: 2000\n\n");

/**
 * An event's bytes on the wire, made once however many streams carry it: a hub hands the same
 * event object to every listener, so a message to a room with 5,000 listeners is serialised and
 * encoded once, not 5,000 times (the streams only read the bytes, never change them).
 */
const frames = new WeakMap<RtEvent, Uint8Array>();
function frameBytes(ev: RtEvent): Uint8Array {
  let bytes = frames.get(ev);
  if (!bytes) {
    bytes = encoder.encode(`id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev.data)}\n\n`);
    frames.set(ev, bytes);
  }
  return bytes;
}

/** Turns per period: a ticker's timer fires every period/SLOTS (500 ms for the 5 s re-check). */
const SLOTS = 10;

/**
 * Streams that share one timer of period `ms`, in SLOTS turns: each tick serves one slot, so
 * every stream gets its turn once per period and a period's work (for re-checks, a KV read per
 * stream) is spread over it instead of landing at once — 5,000 streams opened together make ten
 * bursts of 500 reads, not one of 5,000. The timer stops with the last stream.
 */
class Ticker {
  /** Streams by turn; a stream's slot is found on leave, so the stream stores nothing. */
  private readonly slots = Array.from({ length: SLOTS }, () => new Set<EventStream>());
  private size = 0;
  /** The slot the last tick served. */
  private at = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(
    private readonly ms: number,
    private readonly tick: (s: EventStream) => void,
    private readonly report?: (served: number) => void,
  ) {}

  join(s: EventStream) {
    // The emptiest slot (balanced however streams come and go); a tie goes to the slot served
    // longest from now, starting with the one just served, so a first turn is not early for no reason.
    let best = this.at;
    for (let i = 1; i < SLOTS; i++) {
      const j = (this.at - i + SLOTS) % SLOTS;
      if (this.slots[j].size < this.slots[best].size) best = j;
    }
    this.slots[best].add(s);
    this.size++;
    this.timer ??= setInterval(() => this.serve(), this.ms / SLOTS);
  }

  leave(s: EventStream) {
    if (!this.slots.some((slot) => slot.delete(s))) return;
    if (--this.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private serve() {
    this.at = (this.at + 1) % SLOTS;
    let served = 0;
    for (const s of this.slots[this.at]) {
      if (s.closed) continue;
      served++;
      this.tick(s);
    }
    this.report?.(served);
  }
}

/** One ticker per period in use (every route uses the defaults; tests pass short ones). */
function tickerFor(
  map: Map<number, Ticker>,
  ms: number,
  tick: (s: EventStream) => void,
  report?: (served: number) => void,
) {
  let t = map.get(ms);
  if (!t) map.set(ms, t = new Ticker(ms, tick, report));
  return t;
}
const heartbeats = new Map<number, Ticker>();
const rechecks = new Map<number, Ticker>();

let recheckHook: ((checked: number) => void) | undefined;
/** Tests: `fn` learns how many streams each re-check tick re-checked (none: stop reporting). */
export function onRecheckTick(fn?: (checked: number) => void) {
  recheckHook = fn;
}

const openStreams = new Set<EventStream>();

class EventStream {
  closed = false;
  controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  unsubscribe: (() => void) | null = null;
  chain: Promise<void> | null = null;
  heartbeat: Ticker | null = null;
  recheck: Ticker | null = null;
  onClose: (() => void) | undefined;
  map: SseOptions["map"];
  stillAllowed: SseOptions["stillAllowed"];

  constructor(opts: SseOptions) {
    // Only these are kept (not `opts`, whose other fields are start-up data).
    this.onClose = opts.onClose;
    this.map = opts.map;
    this.stillAllowed = opts.stillAllowed;
  }

  send(bytes: Uint8Array) {
    if (this.closed || !this.controller) return;
    try {
      this.controller.enqueue(bytes);
    } catch {
      this.close();
    }
  }

  /** A hub's event (the listener handed to subscribe). */
  write(ev: RtEvent) {
    const map = this.map;
    if (!map) return this.send(frameBytes(ev));
    this.chain = (this.chain ?? Promise.resolve())
      .then(async () => {
        const out = await map(ev);
        if (out) this.send(frameBytes(out));
      })
      .catch(() => this.close());
  }

  check() {
    this.stillAllowed?.().then((ok) => ok || this.close(), () => {});
  }

  /** `retryMs`: a shutdown's reconnect hint, sent as the stream's last `retry:`. */
  close(retryMs?: number) {
    if (this.closed) return;
    if (retryMs !== undefined) this.send(encoder.encode(`retry: ${retryMs}\n\n`));
    this.closed = true;
    openStreams.delete(this);
    this.heartbeat?.leave(this);
    this.recheck?.leave(this);
    this.unsubscribe?.();
    try {
      this.controller?.close();
    } catch { /* already closed or cancelled */ }
    const done = this.onClose;
    this.onClose = this.map = this.stillAllowed = undefined;
    this.unsubscribe = this.chain = this.controller = null;
    done?.();
  }
}

/**
 * A text/event-stream response over `subscribe`: `initial` events first, then what the topics
 * log after the client's Last-Event-ID (header or `?lastEventId=`), then live events; heartbeats
 * keep proxies from closing the stream.
 */
export async function sseResponse(
  req: Request,
  topics: string[],
  opts: SseOptions = {},
): Promise<Response> {
  const given = req.headers.get("last-event-id") ||
    new URL(req.url).searchParams.get("lastEventId");
  // Event ids are short; an overlong one cannot name an event (and would overflow a KV key).
  const lastEventId = given && given.length <= 64 ? given : null;
  const stream = new EventStream(opts);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      stream.controller = c;
    },
    cancel() {
      stream.close();
    },
  });
  stream.send(RETRY);
  for (const ev of opts.initial ?? []) stream.send(frameBytes(ev));
  openStreams.add(stream);
  try {
    stream.unsubscribe = await subscribe(topics, lastEventId, (ev) => stream.write(ev));
  } catch (err) {
    stream.close();
    throw err;
  }
  if (stream.closed) {
    // closed while subscribing (shutdown): the hub listener must not outlive it
    stream.unsubscribe();
    stream.unsubscribe = null;
  } else {
    stream.heartbeat = tickerFor(heartbeats, opts.heartbeatMs ?? 15000, (s) => s.send(PING));
    stream.heartbeat.join(stream);
    if (opts.stillAllowed) {
      stream.recheck = tickerFor(
        rechecks,
        opts.recheckMs ?? 5000,
        (s) => s.check(),
        (n) => recheckHook?.(n),
      );
      stream.recheck.join(stream);
    }
  }
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}

/** End every open event stream, `retryMs` first as its `retry:` (server shutdown). */
export function closeStreams(retryMs?: number) {
  for (const s of [...openStreams]) s.close(retryMs);
}

/** Event streams open in this process (a /metrics gauge). */
export function streamCount() {
  return openStreams.size;
}
