// A guest's live room stream. EventSource cannot send the `Authorization: Guest <token>` header,
// so a guest reads GET /api/chat/rooms/:id/events with fetch and parses the event stream itself,
// reconnecting from the last event id it saw (the server replays what came in between).
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Handler } from "./live.ts";

/** Where the guest launcher keeps its token and room in this browser (localStorage). */
export const GUEST_KEY = "lh_guest_chat";

export const guestAuth = (token: string) => ({ authorization: `Guest ${token}` });

export function useGuestStream(
  roomId: string,
  token: string | undefined,
  on: Record<string, Handler>,
): Signal<boolean> {
  const connected = useSignal(false);
  const handlers = useRef(on);
  handlers.current = on;
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    let lastId = "0"; // the first connection replays the room's log: nothing is missed
    let retryMs = 1000;
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch(`/api/chat/rooms/${roomId}/events`, {
            headers: { ...guestAuth(token), "last-event-id": lastId },
            signal: abort.signal,
          });
          if (res.status === 401 || res.status === 404) return; // the token no longer opens it
          if (!res.ok || !res.body) throw new Error(String(res.status));
          connected.value = true;
          retryMs = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = "";
          while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let idx;
            while ((idx = buf.indexOf("\n\n")) >= 0) {
              const block = buf.slice(0, idx);
              buf = buf.slice(idx + 2);
              let type = "message";
              let data = "";
              let id = "";
              for (const line of block.split("\n")) {
                if (line.startsWith("id: ")) id = line.slice(4);
                else if (line.startsWith("event: ")) type = line.slice(7);
                else if (line.startsWith("data: ")) data += line.slice(6);
              }
              if (id) lastId = id;
              if (!data) continue;
              try {
                const parsed = JSON.parse(data);
                handlers.current[type]?.(parsed, new MessageEvent(type, { data, lastEventId: id }));
              } catch { /* a malformed event is skipped */ }
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        connected.value = false;
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    };
    run();
    return () => abort.abort();
  }, [roomId, token]);
  return connected;
}
