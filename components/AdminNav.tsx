// The admin consoles' sub-navigation, and what every console needs to speak the admin's language:
// the "admin." messages (lib/i18n/areas/admin.ts), record states in words, and money and dates.
import type { Context } from "hono";
import { areaT, type AreaTranslate, useAreaT } from "../lib/i18n/area.ts";
import { admin as messages } from "../lib/i18n/areas/admin.ts";
import { DEFAULT_LOCALE, formatDateIn, formatMoneyIn, type Locale } from "../lib/i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import type { AppEnv } from "../lib/http/index.ts";

type AdminKey = keyof typeof messages.en & string;
export type AdminT = AreaTranslate<typeof messages.en>;

const LINKS: [string, AdminKey][] = [
  ["/admin", "admin.nav.dashboard"],
  ["/admin/users", "admin.nav.users"],
  ["/admin/marketplace", "admin.nav.marketplace"],
  ["/admin/orders", "admin.nav.orders"],
  ["/admin/payouts", "admin.nav.payouts"],
  ["/admin/support", "admin.nav.support"],
  ["/admin/faqs", "admin.nav.faqs"],
  ["/admin/audit", "admin.nav.audit"],
  ["/admin/outbox", "admin.nav.outbox"],
];

/** The `?done=` confirmations of the consoles' form posts (components/Form.tsx DoneNotice). */
const DONE = [
  "approved",
  "rejected",
  "faq_added",
  "faq_saved",
  "faq_deleted",
  "suspended",
  "restored",
  "role",
  "deleted",
  "refunded",
  "paid",
] as const;

/**
 * The request's admin translator and formats. English keeps the consoles' compact ISO dates
 * (sortable at a glance, and what admins and tests read today); Vietnamese and Thai get their
 * own date words through Intl. Money is Intl in the viewer's locale ("$12.00", "12.000 ₫").
 */
export function adminText(locale: Locale) {
  const t = areaT(messages, locale);
  const en = locale === "en";
  return {
    t,
    locale,
    money: (amount: number, currency: string) => formatMoneyIn(amount, currency, locale),
    /** A day: "2026-11-29" in English, "29 tháng 11, 2026" in Vietnamese. */
    day: (at: string) => en ? at.slice(0, 10) : formatDateIn(at, locale),
    /** A day and time; `utc` labels the English form (the others always say UTC). */
    minute: (at: string, utc = false) =>
      en
        ? `${at.slice(0, 16).replace("T", " ")}${utc ? " UTC" : ""}`
        : formatDateIn(at, locale, true),
    dateTime: (at: string) => en ? formatDateTime(at) : formatDateIn(at, locale, true),
    /** A record's state (`kind` "order", value "delivered") in words; an unknown one as it is. */
    state: (kind: string, value: string) => {
      const key = `admin.${kind}.${value}`;
      return Object.hasOwn(messages.en, key) ? t(key as AdminKey) : value;
    },
    done: Object.fromEntries(DONE.map((k) => [k, t(`admin.done.${k}`)])) as Record<string, string>,
  };
}

/** adminText in the language of request `c` (lib/i18n/middleware.ts). */
export const adminTextOf = (c: Context<AppEnv>) => adminText(c.get("locale") ?? DEFAULT_LOCALE);

/** `heading`: false on consoles that show an h1 of their own (one h1 per page). */
export function AdminNav({ active, heading = true }: { active: string; heading?: boolean }) {
  const t = useAreaT(messages);
  const label = LINKS.find(([href]) => href === active)?.[1];
  return (
    <>
      {heading && label && <h1 class="sr-only">{t(label)}</h1>}
      <nav
        class="flex flex-wrap gap-1 border-b border-slate-200 pb-3 text-sm"
        aria-label={t("admin.nav.label")}
      >
        {LINKS.map(([href, key]) => (
          <a
            key={href}
            href={href}
            class={`rounded-md px-3 py-1.5 ${
              active === href ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"
            }`}
            aria-current={active === href ? "page" : undefined}
          >
            {t(key)}
          </a>
        ))}
      </nav>
    </>
  );
}
