// The conversation view shared by the support page, the chat widget and the admin console:
// live messages and status over the page's shared event stream (./live.ts), optimistic sending,
// and paging back through history. A guest (the launcher on public pages) passes its token: its
// requests carry it and its stream is read with fetch (./guestLive.ts). Staff see private notes
// and write them from the composer (./Composer.tsx); a resolved room asks its user for a rating.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { useLive } from "./live.ts";
import { guestAuth, useGuestStream } from "./guestLive.ts";
import { Composer, type SendOptions } from "./Composer.tsx";
import { Rating } from "./Rating.tsx";
import { messageTime } from "./subject.ts";
import { timeTag } from "./intl.ts";
import { type ChatT, statusLabel } from "./labels.ts";
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";
import { useLocale } from "../../lib/i18n/locale-context.ts";

export interface ChatMessage {
  id: string;
  roomId: string;
  senderId: string | null;
  senderType: "user" | "ai" | "admin" | "system";
  message: string;
  createdAt: string;
  pending?: boolean;
  failed?: boolean;
  private?: boolean;
  attachments?: { id: string; url: string; contentType: string }[];
}

export interface ChatRoomInfo {
  id: string;
  subject: string;
  status: string;
  userName?: string;
  /** Whether the room's user already rated it (no rating form then). */
  rated?: boolean;
}

const WHO = {
  user: "chat.who.user",
  ai: "chat.who.ai",
  admin: "chat.who.admin",
} as const;
const who = (t: ChatT, type: ChatMessage["senderType"]) => type === "system" ? "" : t(WHO[type]);

export function ChatRoomView(
  p: {
    room: ChatRoomInfo;
    asAdmin: boolean;
    compact?: boolean;
    since?: string;
    guestToken?: string;
  },
) {
  const t = useAreaT(chat);
  const messages = useSignal<ChatMessage[]>([]);
  const status = useSignal(p.room.status);
  const hasMore = useSignal(false);
  const mailed = useSignal("");
  /** Outside office hours: the away message and reply time (GET /api/chat/status). */
  const away = useSignal("");
  const auth: Record<string, string> = p.guestToken ? guestAuth(p.guestToken) : {};
  const list = useRef<HTMLDivElement>(null);

  const add = (incoming: ChatMessage[]) => {
    const byId = new Map(messages.value.map((m) => [m.id, m]));
    for (const m of incoming) byId.set(m.id, m);
    messages.value = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    requestAnimationFrame(() => list.current?.scrollTo({ top: list.current.scrollHeight }));
  };
  // Messages from the other side count as unread until seen here.
  const fromOtherSide = (m: ChatMessage) =>
    p.asAdmin ? m.senderType === "user" : m.senderType === "ai" || m.senderType === "admin";
  const markRead = () =>
    fetch(`/api/chat/rooms/${p.room.id}/read`, { method: "POST", headers: auth }).catch(() => {});

  // Live: new messages and status changes (the stream replays what came after the page was
  // rendered, or after the last event this page saw, so nothing between load and connect is lost).
  const handlers = {
    message: (m: ChatMessage) => {
      if (m.roomId !== p.room.id) return;
      add([m]);
      if (fromOtherSide(m)) markRead();
    },
    room: (r: { id: string; status: string }) => {
      if (r.id === p.room.id) status.value = r.status;
    },
  };
  // A guest has no session for the page's shared stream: it reads its room's own.
  const shared = useLive(p.guestToken ? [] : [`room:${p.room.id}`], handlers, {
    since: p.since,
  });
  const own = useGuestStream(p.room.id, p.guestToken, handlers);
  const connected = p.guestToken ? own : shared;

  useEffect(() => {
    (async () => {
      const res = await fetch(`/api/chat/rooms/${p.room.id}/messages?limit=30`, {
        headers: auth,
      });
      if (!res.ok) return;
      const data = await res.json();
      add(data.items);
      hasMore.value = data.items.length === 30;
      markRead();
    })();
  }, [p.room.id]);

  useEffect(() => {
    if (p.asAdmin || status.value !== "waiting_admin" || away.value) return;
    fetch("/api/chat/status").then((r) => r.ok ? r.json() : null).then((s) => {
      if (s && !s.open) {
        away.value = [s.awayMessage, s.replyTime].filter(Boolean).join(" — ").replace(/\.$/, "");
      }
    }).catch(() => {});
  }, [status.value]);

  async function emailTranscript() {
    const res = await fetch(`/api/chat/rooms/${p.room.id}/transcript`, {
      method: "POST",
      headers: auth,
    }).catch(() => null);
    mailed.value = t(
      res?.status === 202
        ? "chat.transcript.sent"
        : res?.status === 422
        ? "chat.transcript.noEmail"
        : "chat.transcript.failed",
    );
  }

  async function loadEarlier() {
    const first = messages.value.find((m) => !m.pending);
    const res = await fetch(
      `/api/chat/rooms/${p.room.id}/messages?limit=30${first ? `&before=${first.id}` : ""}`,
      { headers: auth },
    );
    const data = await res.json();
    hasMore.value = data.items.length === 30;
    add(data.items);
  }

  async function send(text: string, opts: SendOptions) {
    const temp: ChatMessage = {
      id: `~${Date.now()}`,
      roomId: p.room.id,
      senderId: null,
      senderType: p.asAdmin ? "admin" : "user",
      message: text,
      createdAt: new Date().toISOString(),
      pending: true,
      private: opts.private || undefined,
    };
    add([temp]);
    const res = await fetch(`/api/chat/rooms/${p.room.id}/messages`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        message: text,
        private: opts.private || undefined,
        attachments: opts.attachments.length ? opts.attachments : undefined,
      }),
    }).catch(() => null);
    messages.value = messages.value.filter((m) => m.id !== temp.id);
    if (res?.status === 201) add([(await res.json()).message]);
    else add([{ ...temp, pending: false, failed: true }]);
  }

  const mine = (m: ChatMessage) => (p.asAdmin ? m.senderType === "admin" : m.senderType === "user");
  return (
    <div
      class={`flex flex-col ${p.compact ? "h-96" : "h-[32rem]"}`}
      data-testid="chat-room"
      data-room-id={p.room.id}
    >
      <div class="flex items-center justify-between border-b border-slate-200 px-3 py-2 text-sm">
        <strong class="truncate">{p.room.subject}</strong>
        <span class="flex shrink-0 items-center gap-2 whitespace-nowrap text-xs text-slate-500">
          <span
            class={`inline-block h-2 w-2 rounded-full ${
              connected.value ? "bg-emerald-500" : "bg-slate-300"
            }`}
            title={t(connected.value ? "chat.live" : "chat.reconnecting")}
          />
          <span data-testid="room-status" data-status={status.value}>
            {statusLabel(t, status.value)}
          </span>
          {!p.asAdmin && (
            <button
              type="button"
              class="underline"
              title={t("chat.transcript.title")}
              data-testid="email-transcript"
              onClick={emailTranscript}
            >
              {mailed.value || t("chat.transcript.button")}
            </button>
          )}
        </span>
      </div>
      <div ref={list} class="flex-1 space-y-2 overflow-y-auto p-3" aria-live="polite">
        {hasMore.value && (
          <button
            type="button"
            class="mx-auto block text-xs text-brand-600 underline"
            onClick={loadEarlier}
          >
            {t("chat.room.loadEarlier")}
          </button>
        )}
        {messages.value.map((m) =>
          m.senderType === "system"
            ? (
              <p key={m.id} class="text-center text-xs text-slate-500">
                {m.message} · <Time iso={m.createdAt} />
              </p>
            )
            : (
              <div key={m.id} class={`flex ${mine(m) ? "justify-end" : "justify-start"}`}>
                <div
                  data-sender={m.senderType}
                  data-private={m.private ? "true" : undefined}
                  class={`max-w-[80%] whitespace-pre-wrap rounded-2xl px-3 py-2 text-sm ${
                    m.private
                      ? "border border-dashed border-amber-400 bg-amber-50 text-amber-950"
                      : mine(m)
                      ? "bg-brand-600 text-white"
                      : m.senderType === "ai"
                      ? "bg-sky-50 text-slate-800"
                      : "bg-slate-100 text-slate-800"
                  } ${m.pending ? "opacity-60" : ""}`}
                >
                  {m.private && (
                    <span class="block text-xs font-semibold">{t("chat.room.privateNote")}</span>
                  )}
                  {!mine(m) && (
                    <span class="block text-xs font-semibold opacity-70">
                      {p.asAdmin && m.senderType === "user"
                        ? p.room.userName ?? t("chat.who.userFallback")
                        : who(t, m.senderType)}
                    </span>
                  )}
                  {m.message}
                  {m.attachments?.map((a) => (
                    <a key={a.id} href={a.url} target="_blank" rel="noopener" class="mt-1 block">
                      <img
                        src={a.url}
                        alt={t("chat.room.attachedImage")}
                        loading="lazy"
                        class="max-h-40 rounded-lg"
                        data-testid="attachment"
                      />
                    </a>
                  ))}
                  {m.failed
                    ? (
                      <span class="block text-xs text-red-200">
                        {t("chat.room.notSent")}
                      </span>
                    )
                    : (
                      <span class="mt-0.5 block text-right text-[11px] leading-none opacity-60">
                        {m.pending ? t("chat.room.sending") : <Time iso={m.createdAt} />}
                      </span>
                    )}
                </div>
              </div>
            )
        )}
      </div>
      {
        /* Once the assistant hands over, it stays quiet: say who answers, and when, for as long
          as the room waits for a person (the user may keep adding details). */
      }
      {!p.asAdmin && status.value === "waiting_admin" && (
        <p
          role="status"
          data-testid="waiting-notice"
          class="border-t border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900"
        >
          <strong class="font-semibold">{t("chat.waiting.title")}</strong> —{" "}
          {t("chat.waiting.body", { when: away.value || t("chat.waiting.usually") })}
        </p>
      )}
      {!p.asAdmin && status.value === "resolved" && (
        <Rating roomId={p.room.id} headers={auth} rated={!!p.room.rated} />
      )}
      <Composer asAdmin={p.asAdmin} canAttach={!p.guestToken} onSend={send} />
    </div>
  );
}

/** A message's time (the date too on other days), with the full date and time on hover. */
function Time(p: { iso: string }) {
  const at = new Date(p.iso);
  const tag = timeTag(useLocale());
  return (
    <time dateTime={p.iso} title={at.toLocaleString(tag)} data-testid="message-time">
      {messageTime(p.iso, new Date(), tag)}
    </time>
  );
}
