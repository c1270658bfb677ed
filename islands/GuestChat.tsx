// The guest chat launcher on the app's public pages (home, marketplace, a listing) for visitors
// without an account: ask a question, the assistant answers and a person can take over. The
// guest token is kept in this browser (localStorage) so the conversation survives page loads; a
// visitor who signs in later gets the room moved to the account (ChatWidget claims it).
import { useSignal } from "@preact/signals";
import type { ChatRoomInfo } from "./chat/ChatRoomView.tsx";
import { ChatLauncher, startError, StartForm } from "./chat/Launcher.tsx";
import { GUEST_KEY, guestAuth } from "./chat/guestLive.ts";
import { useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";

interface Stored {
  token: string;
  room: ChatRoomInfo;
}

function readStored(): Stored | null {
  try {
    return JSON.parse(localStorage.getItem(GUEST_KEY) ?? "null");
  } catch {
    return null;
  }
}

export default function GuestChat() {
  const t = useAreaT(chat);
  const guest = useSignal<Stored | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);

  /** The room this browser started, in its current state (if the token still opens it). */
  async function load() {
    const stored = readStored();
    if (!stored) return;
    const res = await fetch(`/api/chat/rooms/${stored.room.id}`, {
      headers: guestAuth(stored.token),
    }).catch(() => null);
    if (res?.ok) {
      const { room } = await res.json();
      guest.value = { token: stored.token, room: { ...room, rated: !!room.rating } };
    } else if (res) localStorage.removeItem(GUEST_KEY);
  }

  async function start(e: Event) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const message = String(form.get("message") ?? "").trim();
    if (!message || busy.value) return;
    busy.value = true;
    const body: Record<string, string> = { message };
    for (const k of ["name", "email"]) {
      const v = String(form.get(k) ?? "").trim();
      if (v) body[k] = v;
    }
    const res = await fetch("/api/chat/guest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    busy.value = false;
    if (res?.status === 201) {
      const { room, guestToken } = await res.json();
      const stored: Stored = { token: guestToken, room };
      localStorage.setItem(GUEST_KEY, JSON.stringify(stored));
      guest.value = stored;
    } else error.value = await startError(res, t("chat.startFailed"));
  }

  return (
    <ChatLauncher
      kind="guest"
      load={load}
      room={guest.value?.room ?? null}
      guestToken={guest.value?.token}
    >
      <StartForm
        onSubmit={start}
        title={t("chat.guest.title")}
        error={error.value}
        busy={busy.value}
        testId="guest-chat-form"
      >
        <p class="text-xs text-slate-500">{t("chat.guest.intro")}</p>
        <input
          class="input !py-1"
          name="name"
          placeholder={t("chat.guest.name")}
          aria-label={t("chat.guest.name")}
          maxLength={80}
        />
        <input
          class="input !py-1"
          name="email"
          type="email"
          placeholder={t("chat.guest.email")}
          aria-label={t("chat.guest.email")}
          maxLength={254}
        />
        <textarea
          class="input"
          name="message"
          rows={3}
          required
          maxLength={4000}
          placeholder={t("chat.new.question")}
          aria-label={t("chat.new.question")}
        />
      </StartForm>
    </ChatLauncher>
  );
}
