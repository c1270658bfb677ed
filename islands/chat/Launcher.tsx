// The floating chat shared by the signed-in ChatWidget and the visitors' GuestChat: a round
// button at the bottom right that opens a dialog with the conversation, or, once the island's
// `load` found none, the form that starts one. Each island keeps its own requests and room.
import type { ComponentChildren } from "preact";
import { useSignal } from "@preact/signals";
import { type ChatRoomInfo, ChatRoomView } from "./ChatRoomView.tsx";
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";

/** The two launchers' words and test hooks. */
const KINDS = {
  widget: {
    label: "chat.widget.dialog",
    toggle: "chat.widget.toggle",
    testId: "chat-widget-toggle",
  },
  guest: {
    label: "chat.guest.dialog",
    toggle: "chat.guest.toggle",
    testId: "guest-chat-toggle",
  },
} as const;

export function ChatLauncher(p: {
  kind: keyof typeof KINDS;
  /** Looks for the conversation to show, the first time the dialog opens. */
  load: () => Promise<void>;
  /** The conversation shown, if any. */
  room: ChatRoomInfo | null;
  /** A guest's token for the room's requests (signed-in users have their session). */
  guestToken?: string;
  /** The start form (StartForm), shown once `load` found no conversation. */
  children: ComponentChildren;
}) {
  const t = useAreaT(chat);
  const open = useSignal(false);
  const loaded = useSignal(false);
  const kind = KINDS[p.kind];

  async function toggle() {
    open.value = !open.value;
    if (!open.value || loaded.value) return;
    await p.load();
    loaded.value = true;
  }

  return (
    <div class="fixed bottom-4 right-4 z-50">
      {open.value && (
        <div
          class="card mb-3 w-80 overflow-hidden shadow-xl"
          role="dialog"
          aria-label={t(kind.label)}
        >
          {p.room
            ? <ChatRoomView room={p.room} asAdmin={false} compact guestToken={p.guestToken} />
            : loaded.value && p.children}
        </div>
      )}
      <button
        type="button"
        onClick={toggle}
        class="btn btn-primary float-right rounded-full shadow-lg"
        aria-expanded={open.value}
        data-testid={kind.testId}
      >
        {t(open.value ? "chat.close" : kind.toggle)}
      </button>
    </div>
  );
}

/** The form that starts a conversation: a title, the island's fields, an error line, Start. */
export function StartForm(p: {
  onSubmit: (e: Event) => void;
  title: string;
  error: string;
  /** Start is disabled while a request is under way. */
  busy?: boolean;
  testId?: string;
  children: ComponentChildren;
}) {
  const t = useAreaT(chat);
  return (
    <form onSubmit={p.onSubmit} class="space-y-2 p-3" data-testid={p.testId}>
      <p class="text-sm font-medium">{p.title}</p>
      {p.children}
      {p.error && <p class="text-xs text-red-600">{p.error}</p>}
      <button class="btn btn-primary w-full" type="submit" disabled={p.busy}>
        {t("chat.start")}
      </button>
    </form>
  );
}

/** The error message of a failed start request (none when the network failed), or `fallback`. */
export async function startError(res: Response | null, fallback: string): Promise<string> {
  return (await res?.json().catch(() => null))?.error?.message ?? fallback;
}
