// The floating support chat on signed-in pages: start a conversation or continue the latest.
import { useSignal } from "@preact/signals";
import type { ChatRoomInfo } from "./chat/ChatRoomView.tsx";
import { ChatLauncher, startError, StartForm } from "./chat/Launcher.tsx";
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
  const room = useSignal<ChatRoomInfo | null>(null);
  const error = useSignal("");

  /** The latest conversation not resolved yet, after claiming this browser's guest one. */
  async function load() {
    await claimGuestRoom();
    const res = await fetch("/api/chat/rooms");
    const rooms = res.ok ? (await res.json()).items : [];
    room.value = rooms.find((r: ChatRoomInfo) => r.status !== "resolved") ?? null;
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
    else error.value = await startError(res, t("chat.startFailed"));
  }

  return (
    <ChatLauncher kind="widget" load={load} room={room.value}>
      <StartForm onSubmit={start} title={t("chat.widget.title")} error={error.value}>
        <NewConversationFields compact />
      </StartForm>
    </ChatLauncher>
  );
}
