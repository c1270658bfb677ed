// The app's and published sites' languages: English (the source), Vietnamese and Thai. Pure (no
// Deno APIs, no Hono): the site renderer, components and islands use it too. The HTTP side
// (choosing the request's language) is ./middleware.ts.
import { en } from "./en.ts";
import { vi } from "./vi.ts";
import { th } from "./th.ts";
import type { Catalogue, MessageKey, Plural } from "./catalogue.ts";
import { type Params, render } from "./fill.ts";

export { formatDateIn, formatNumber, type Params } from "./fill.ts";

export type { Catalogue, MessageKey, Plural } from "./catalogue.ts";

export const LOCALES = ["en", "vi", "th"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const CATALOGUES: Record<Locale, Catalogue> = { en, vi, th };

/** Each language's name in itself, for switchers. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  vi: "Tiếng Việt",
  th: "ไทย",
};

import { INTL_TAG } from "./fill.ts";

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/**
 * The message `key` in `locale`, placeholders filled from `params`. A plural message picks its
 * form with Intl.PluralRules for `params.count` (Vietnamese and Thai have only `other`).
 */
export function t(locale: Locale, key: MessageKey, params?: Params): string {
  return render((CATALOGUES[locale] ?? en)[key] as string | Plural, locale, params);
}

/** A translator bound to one locale: `const tr = translator("vi"); tr("nav.pages")`. */
export type Translate = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translate => (key, params) => t(locale, key, params);

const MINOR_DIGITS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, THB: 2, VND: 0 };
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Minor units of `currency` as a reader of `locale` expects: 19900000 vnd in vi → "199.000 ₫". */
export function formatMoneyIn(amount: number, currency: string, locale: Locale): string {
  const code = currency.toUpperCase();
  const id = `${locale}:${code}`;
  let f = moneyFormats.get(id);
  if (!f) {
    const digits = MINOR_DIGITS[code];
    f = new Intl.NumberFormat(INTL_TAG[locale], {
      style: "currency",
      currency: code,
      ...(digits === undefined
        ? {}
        : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    });
    moneyFormats.set(id, f);
  }
  const digits = MINOR_DIGITS[code] ?? f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amount / 10 ** digits);
}

/**
 * The best of our locales for an Accept-Language header (RFC 9110 §12.5.4): ranges by
 * descending q (q=0 means "not this"), `vi-VN` matching `vi`, `*` the default; null if none.
 */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges: { tag: string; q: number; i: number }[] = [];
  header.split(",").slice(0, 50).forEach((part, i) => {
    const [range, ...paramsList] = part.trim().toLowerCase().split(";");
    let q = 1;
    for (const p of paramsList) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (range && q > 0) ranges.push({ tag: range.trim(), q, i });
  });
  ranges.sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    if (tag === "*") return DEFAULT_LOCALE;
    const primary = tag.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

/**
 * The request's language: `?lang`, then the remembered choice (the `lang` cookie, set by a
 * `?lang` or the account setting), then the signed-in user's setting, then Accept-Language.
 */
export function negotiateLocale(opts: {
  query?: string | null;
  cookie?: string | null;
  user?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  for (const v of [opts.query, opts.cookie, opts.user]) if (isLocale(v)) return v;
  return fromAcceptLanguage(opts.acceptLanguage) ?? DEFAULT_LOCALE;
}
