// The floating support chat on signed-in pages: start a conversation or continue the latest.
import { useSignal } from "@preact/signals";
import { type ChatRoomInfo, ChatRoomView } from "./chat/ChatRoomView.tsx";
import { NewConversationFields } from "./chat/NewConversationFields.tsx";
import { subjectFrom } from "./chat/subject.ts";
import { GUEST_KEY } from "./chat/guestLive.ts";
import { useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";

/** A conversation started as a guest in this browser moves to the account that signed in. */
async function claimGuestRoom() {
  const stored = localStorage.getItem(GUEST_KEY);
  if (!stored) return;
  try {
    const { token } = JSON.parse(stored);
    const res = await fetch("/api/chat/guest/claim", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ guestToken: token }),
    });
    if (res.ok || res.status === 409 || res.status === 422) localStorage.removeItem(GUEST_KEY);
  } catch {
    localStorage.removeItem(GUEST_KEY);
  }
}

export default function ChatWidget() {
  const t = useAreaT(chat);
  const open = useSignal(false);
  const room = useSignal<ChatRoomInfo | null>(null);
  const loaded = useSignal(false);
  const error = useSignal("");

  async function toggle() {
    open.value = !open.value;
    if (open.value && !loaded.value) {
      await claimGuestRoom();
      const res = await fetch("/api/chat/rooms");
      const rooms = res.ok ? (await res.json()).items : [];
      room.value = rooms.find((r: ChatRoomInfo) => r.status !== "resolved") ?? null;
      loaded.value = true;
    }
  }

  async function start(e: Event) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const message = String(form.get("message") ?? "").trim();
    if (!message) return;
    const res = await fetch("/api/chat/rooms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        // Optional, as on /support: the first words of the question otherwise.
        subject: String(form.get("subject") ?? "").trim() ||
          subjectFrom(message, 8, 60, t("chat.new.fallbackSubject")),
        message,
      }),
    });
    if (res.status === 201) room.value = (await res.json()).room;
    else {error.value = (await res.json().catch(() => null))?.error?.message ??
        t("chat.startFailed");}
  }

  return (
    <div class="fixed bottom-4 right-4 z-50">
      {open.value && (
        <div
          class="card mb-3 w-80 overflow-hidden shadow-xl"
          role="dialog"
          aria-label={t("chat.widget.dialog")}
        >
          {room.value
            ? <ChatRoomView room={room.value} asAdmin={false} compact />
            : loaded.value && (
              <form onSubmit={start} class="space-y-2 p-3">
                <p class="text-sm font-medium">{t("chat.widget.title")}</p>
                <NewConversationFields compact />
                {error.value && <p class="text-xs text-red-600">{error.value}</p>}
                <button class="btn btn-primary w-full" type="submit">{t("chat.start")}</button>
              </form>
            )}
        </div>
      )}
      <button
        type="button"
        onClick={toggle}
        class="btn btn-primary float-right rounded-full shadow-lg"
        aria-expanded={open.value}
        data-testid="chat-widget-toggle"
      >
        {t(open.value ? "chat.close" : "chat.widget.toggle")}
      </button>
    </div>
  );
}
