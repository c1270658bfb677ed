// Filling a message: placeholders and plural forms. Kept apart from the catalogues so an island
// that bundles one area's messages (./area.ts) does not bundle every language of the whole app.
import type { Locale } from "./index.ts";

/** A plural message: forms by Intl.PluralRules category; `other` is always required. */
export type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type Params = Record<string, string | number>;

/** The BCP 47 tag Intl formats with: en-US keeps today's "Nov 29, 2026" for English. */
export const INTL_TAG: Record<Locale, string> = { en: "en-US", vi: "vi-VN", th: "th-TH" };

// Intl objects cost tens of microseconds to build: one per locale (and options) is kept.
const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralRule(locale: Locale): Intl.PluralRules {
  let rule = pluralRules.get(locale);
  if (!rule) pluralRules.set(locale, rule = new Intl.PluralRules(INTL_TAG[locale]));
  return rule;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
export function formatNumber(n: number, locale: Locale): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, f = new Intl.NumberFormat(INTL_TAG[locale]));
  return f.format(n);
}

function fill(text: string, locale: Locale, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(v, locale) : v;
  });
}

/** One message in `locale`: the plural form for `params.count`, placeholders filled. */
export function render(msg: string | PluralForms, locale: Locale, params?: Params): string {
  if (typeof msg === "string") return fill(msg, locale, params);
  const count = Number(params?.count ?? 0);
  const form = msg[pluralRule(locale).select(count)] ?? msg.other;
  return fill(form, locale, params);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A date (or, with `time`, a date and time) in UTC, as `locale` writes it. */
export function formatDateIn(
  at: string | number | Date,
  locale: Locale,
  time = false,
): string {
  const id = `${locale}:${time}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAG[locale], {
      dateStyle: "long",
      ...(time ? { timeStyle: "short" } : {}),
      timeZone: "UTC",
    });
    dateFormats.set(id, f);
  }
  const text = f.format(new Date(at));
  return time ? `${text} UTC` : text;
}
