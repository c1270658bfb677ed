// Realtime: per-topic event logs in KV with one watching hub per topic per process (hub.ts), and
// text/event-stream responses over them (sse.ts).
import { stopHubs } from "./hub.ts";
import { closeStreams } from "./sse.ts";

export {
  addEvent,
  allEventsAfter,
  eventsAfter,
  hubCount,
  listenerCount,
  publish,
  type RtEvent,
  subscribe,
} from "./hub.ts";
export { type SseOptions, sseResponse, streamCount } from "./sse.ts";

/**
 * Close every hub and every open event stream (server shutdown). `retryMs` is sent first as the
 * stream's `retry:` so clients reconnect (to the next instance) after that long.
 */
export function closeHubs(retryMs?: number) {
  closeStreams(retryMs);
  stopHubs();
}
