// The header bell: unread notifications (sales, orders, chat replies, reviews, leads), live over
// the page's shared event stream (./chat/live.ts), so a page has one stream however many widgets.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLive } from "./chat/live.ts";
import { timeTag } from "./chat/intl.ts";
import { areaT, useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";
import type { Locale } from "../lib/i18n/index.ts";
import { useLocale } from "../lib/i18n/locale-context.ts";

interface Note {
  id: string;
  type: string;
  data: { title?: string; body?: string; href?: string };
  read?: boolean;
  /** When it happened (ISO); the API sends it, live events derive it from their id. */
  at?: string;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The time part of a ULID event id (its first 10 characters, Crockford base32), or null. */
export function idTime(id: string): number | null {
  if (!/^[0-9A-HJKMNP-TV-Z]{10}/i.test(id)) return null;
  let ms = 0;
  for (const ch of id.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(ch);
  return ms;
}

/**
 * "just now", "5 min ago", "3 h ago", "2 d ago", then the date; in `locale` ("5 phút trước",
 * "5 นาทีที่แล้ว"), with its digits and date format.
 */
export function ago(at: string, now = Date.now(), locale: Locale = "en"): string {
  const t = areaT(chat, locale);
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (s < 45) return t("chat.ago.now");
  if (s < 3600) return t("chat.ago.minutes", { count: Math.max(1, Math.round(s / 60)) });
  if (s < 86400) return t("chat.ago.hours", { count: Math.round(s / 3600) });
  if (s < 7 * 86400) return t("chat.ago.days", { count: Math.round(s / 86400) });
  return new Date(at).toLocaleDateString(timeTag(locale));
}

/** Each live notification type, with the words shown when a notification has no title. */
const TYPES = {
  sale: "chat.bell.type.sale",
  order_delivered: "chat.bell.type.order_delivered",
  order_refunded: "chat.bell.type.order_refunded",
  chat: "chat.bell.type.chat",
  listing_reviewed: "chat.bell.type.listing_reviewed",
  lead: "chat.bell.type.lead",
} as const;

export default function NotificationBell() {
  const locale = useLocale();
  const t = useAreaT(chat);
  const items = useSignal<Note[]>([]);
  const unread = useSignal(0);
  const open = useSignal(false);

  const onEvent = (data: Note["data"], e: MessageEvent) => {
    const ms = idTime(e.lastEventId);
    const note: Note = {
      id: e.lastEventId,
      type: e.type,
      data,
      at: new Date(ms ?? Date.now()).toISOString(),
    };
    if (items.value.some((n) => n.id === note.id)) return;
    items.value = [note, ...items.value].slice(0, 30);
    unread.value++;
  };
  useLive(["notifications"], Object.fromEntries(Object.keys(TYPES).map((k) => [k, onEvent])));

  useEffect(() => {
    fetch("/api/notifications").then((r) => r.ok ? r.json() : null).then((d) => {
      if (!d) return;
      // keep what arrived live meanwhile
      const known = new Set(d.items.map((n: Note) => n.id));
      const live = items.value.filter((n) => !known.has(n.id));
      items.value = [...live, ...d.items].slice(0, 30);
      unread.value = d.unread + live.length;
    });
  }, []);

  async function toggle() {
    open.value = !open.value;
    if (open.value && items.value[0] && unread.value) {
      unread.value = 0;
      await fetch("/api/notifications/read", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ upTo: items.value[0].id }),
      });
    }
  }

  return (
    <div class="relative">
      <button
        type="button"
        onClick={toggle}
        class="relative rounded-full p-1.5 hover:bg-slate-100"
        aria-label={t("chat.bell.label", { count: unread.value })}
        data-testid="bell"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          class="h-5 w-5 fill-none stroke-slate-600"
          stroke-width="2"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread.value > 0 && (
          <span
            class="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs text-white"
            data-testid="unread"
          >
            {unread.value}
          </span>
        )}
      </button>
      {open.value && (
        <div class="card absolute right-0 z-50 mt-2 max-h-96 w-80 overflow-y-auto p-2 text-sm shadow-xl">
          {items.value.length === 0 && <p class="p-2 text-slate-500">{t("chat.bell.empty")}</p>}
          {items.value.map((n) => (
            <a key={n.id} href={n.data.href ?? "#"} class="block rounded-md p-2 hover:bg-slate-50">
              <span class="block font-medium">
                {n.data.title ??
                  (n.type in TYPES ? t(TYPES[n.type as keyof typeof TYPES]) : n.type)}
              </span>
              {n.data.body && <span class="block truncate text-slate-500">{n.data.body}</span>}
              {n.at && (
                <time
                  class="block text-xs text-slate-400"
                  dateTime={n.at}
                  title={new Date(n.at).toLocaleString(timeTag(locale))}
                  data-testid="note-time"
                >
                  {ago(n.at, Date.now(), locale)}
                </time>
              )}
            </a>
          ))}
        </div>
      )}
    </div>
  );
}
