// The guest chat launcher on the app's public pages (home, marketplace, a listing) for visitors
// without an account: ask a question, the assistant answers and a person can take over. The
// guest token is kept in this browser (localStorage) so the conversation survives page loads; a
// visitor who signs in later gets the room moved to the account (ChatWidget claims it).
import { useSignal } from "@preact/signals";
import { type ChatRoomInfo, ChatRoomView } from "./chat/ChatRoomView.tsx";
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
  const open = useSignal(false);
  const guest = useSignal<Stored | null>(null);
  const loaded = useSignal(false);
  const error = useSignal("");
  const busy = useSignal(false);

  async function toggle() {
    open.value = !open.value;
    if (!open.value || loaded.value) return;
    const stored = readStored();
    if (stored) {
      // The room's current state (and whether the token still opens it).
      const res = await fetch(`/api/chat/rooms/${stored.room.id}`, {
        headers: guestAuth(stored.token),
      }).catch(() => null);
      if (res?.ok) {
        const { room } = await res.json();
        guest.value = { token: stored.token, room: { ...room, rated: !!room.rating } };
      } else if (res) localStorage.removeItem(GUEST_KEY);
    }
    loaded.value = true;
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
    } else {
      error.value = (await res?.json().catch(() => null))?.error?.message ??
        t("chat.startFailed");
    }
  }

  return (
    <div class="fixed bottom-4 right-4 z-50">
      {open.value && (
        <div
          class="card mb-3 w-80 overflow-hidden shadow-xl"
          role="dialog"
          aria-label={t("chat.guest.dialog")}
        >
          {guest.value
            ? (
              <ChatRoomView
                room={guest.value.room}
                asAdmin={false}
                compact
                guestToken={guest.value.token}
              />
            )
            : loaded.value && (
              <form onSubmit={start} class="space-y-2 p-3" data-testid="guest-chat-form">
                <p class="text-sm font-medium">{t("chat.guest.title")}</p>
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
                {error.value && <p class="text-xs text-red-600">{error.value}</p>}
                <button class="btn btn-primary w-full" type="submit" disabled={busy.value}>
                  {t("chat.start")}
                </button>
              </form>
            )}
        </div>
      )}
      <button
        type="button"
        onClick={toggle}
        class="btn btn-primary float-right rounded-full shadow-lg"
        aria-expanded={open.value}
        data-testid="guest-chat-toggle"
      >
        {t(open.value ? "chat.close" : "chat.guest.toggle")}
      </button>
    </div>
  );
}
