// The words of a notification in its recipient's language (their saved setting; English when
// unset or for a guest), written when it is created: the event log stores finished text, so the
// bell, the SSE stream and GET /api/notifications show it as they always did.
import { getUser } from "../auth/index.ts";
import { areaT, type AreaTranslate } from "../i18n/area.ts";
import { server } from "../i18n/areas/server.ts";
import { formatMoneyIn, type Locale } from "../i18n/index.ts";
import { formatMoney } from "../format.ts";

export type ServerTranslate = AreaTranslate<typeof server.en>;

/** The server area's translator for `locale`. */
export const serverT = (locale: Locale): ServerTranslate => areaT(server, locale);

/** A user's language (their setting), English for none or an unknown id (guests). */
export async function userLocale(userId: string | null | undefined): Promise<Locale> {
  if (!userId || userId.startsWith("guest_")) return "en";
  return (await getUser(userId))?.locale ?? "en";
}

/** Money as `locale` reads it; English keeps lib/format.ts's formatting exactly. */
export function moneyIn(amount: number, currency: string, locale: Locale): string {
  return locale === "en" ? formatMoney(amount, currency) : formatMoneyIn(amount, currency, locale);
}

export interface Notifier {
  locale: Locale;
  t: ServerTranslate;
  money: (amount: number, currency: string) => string;
}

/** What a notification to `userId` is written with. */
export async function notifierFor(userId: string | null | undefined): Promise<Notifier> {
  const locale = await userLocale(userId);
  return { locale, t: serverT(locale), money: (a, c) => moneyIn(a, c, locale) };
}
