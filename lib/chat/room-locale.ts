// The language a room's stored words (system messages, the bell) are written in: its user's
// setting; for a guest, the page its widget is on (content.locale), else the language its first
// message was written in (the subject is its first 80 characters); English otherwise.
import type { Locale } from "../i18n/index.ts";
import { detectPageLocale } from "../ai/page-language.ts";
import { userLocale } from "../notifications/text.ts";
import { getSite } from "../sites/publish.ts";
import type { Room } from "./rooms.ts";

export async function roomLocale(room: Pick<Room, "userId" | "subject" | "guest" | "site">) {
  if (!room.guest && !room.userId.startsWith("guest_")) return await userLocale(room.userId);
  if (room.site) {
    const site = await getSite(room.site.slug).catch(() => null);
    const locale = site?.content.locale as Locale | undefined;
    if (locale && locale !== "en") return locale;
  }
  return detectPageLocale(room.subject) ?? "en";
}
