// The page owner's "Conversations" inbox: questions from the support widget of their published
// pages (lib/chat/site-widget.ts). One live stream per open conversation: its messages, and the
// owner's room list changes (a new question on any page moves its conversation to the top).
import { useEffect, useState } from "preact/hooks";
import { useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";

export interface InboxRoom {
  id: string;
  userName: string;
  subject: string;
  lastMessage: string;
  lastMessageAt: string;
  site?: { slug: string };
}
interface InboxMessage {
  id: string;
  senderType: string;
  message: string;
}

export default function Conversations(p: { rooms: InboxRoom[]; selected: string | null }) {
  const t = useAreaT(chat);
  const [rooms, setRooms] = useState(p.rooms);
  const [current, setCurrent] = useState(p.selected);
  const [messages, setMessages] = useState<InboxMessage[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    let stop = false;
    const add = (m: InboxMessage) =>
      setMessages((ms) => ms.some((x) => x.id === m.id) ? ms : [...ms, m]);
    if (current) {
      fetch(`/api/conversations/${current}/messages`).then((r) => r.json()).then((j) => {
        if (!stop) (j.messages as InboxMessage[]).forEach(add);
      });
    }
    setMessages([]);
    const es = new EventSource(
      `/api/conversations/events${current ? `?room=${encodeURIComponent(current)}` : ""}`,
    );
    es.addEventListener("message", (e) => add(JSON.parse((e as MessageEvent).data)));
    es.addEventListener("room", (e) => {
      const r = JSON.parse((e as MessageEvent).data) as InboxRoom;
      setRooms((rs) => [r, ...rs.filter((x) => x.id !== r.id)]);
    });
    return () => {
      stop = true;
      es.close();
    };
  }, [current]);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!current || !text.trim()) return;
    setError("");
    const res = await fetch(`/api/conversations/${current}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: text }),
    });
    const j = await res.json();
    if (!res.ok) return setError(j.error?.message ?? t("chat.inbox.sendFailed"));
    setText("");
    setMessages((ms) => ms.some((x) => x.id === j.message.id) ? ms : [...ms, j.message]);
  };

  return (
    <div class="grid gap-6 md:grid-cols-3">
      <ul class="space-y-2" aria-label={t("chat.inbox.list")} data-testid="conversation-list">
        {rooms.length === 0 && <li class="text-sm text-slate-500">{t("chat.inbox.empty")}</li>}
        {rooms.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              class={`card w-full p-3 text-left ${
                r.id === current ? "ring-2 ring-indigo-500" : ""
              }`}
              aria-current={r.id === current ? "true" : undefined}
              onClick={() => setCurrent(r.id)}
            >
              <span class="block text-sm font-medium">{r.userName} · {r.site?.slug}</span>
              <span class="block truncate text-xs text-slate-600">{r.lastMessage}</span>
            </button>
          </li>
        ))}
      </ul>
      <section class="card space-y-3 p-4 md:col-span-2" aria-label={t("chat.inbox.conversation")}>
        {!current ? <p class="text-sm text-slate-500">{t("chat.inbox.pick")}</p> : (
          <>
            <ol class="space-y-2" aria-live="polite" data-testid="conversation-messages">
              {messages.map((m) => (
                <li
                  key={m.id}
                  data-sender={m.senderType}
                  class={m.senderType === "user" ? "" : "text-right"}
                >
                  <span class="inline-block rounded bg-slate-100 px-3 py-2 text-sm">
                    {m.message}
                  </span>
                </li>
              ))}
            </ol>
            <form onSubmit={send} class="space-y-2">
              <label class="block">
                <span class="label">{t("chat.inbox.answer")}</span>
                <textarea
                  class="input"
                  name="reply"
                  rows={3}
                  maxLength={4000}
                  value={text}
                  onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                />
              </label>
              {error && <p role="alert" class="text-sm text-red-600">{error}</p>}
              <button class="btn btn-primary" type="submit" data-testid="send-answer">
                {t("chat.inbox.send")}
              </button>
            </form>
          </>
        )}
      </section>
    </div>
  );
}
