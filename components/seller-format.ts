// Figures on the seller's pages in the viewer's language. English keeps the exact forms these
// pages showed before translation (ISO days, "12.5%"), which tests and users rely on; Vietnamese
// and Thai get their own Intl forms (29 tháng 11, 2026; 12,5%).
import { formatDateIn, formatMoneyIn, formatNumber, type Locale } from "../lib/i18n/index.ts";
import { INTL_TAG } from "../lib/i18n/fill.ts";

export { formatMoneyIn as moneyIn, formatNumber as countIn };

/** A day: "2026-11-29" in English, the locale's long date otherwise. */
export function dayIn(iso: string, locale: Locale): string {
  return locale === "en" ? iso.slice(0, 10) : formatDateIn(iso, locale);
}

/** A moment: "2026-11-29 10:00" in English, the locale's date and time (UTC) otherwise. */
export function momentIn(iso: string, locale: Locale): string {
  return locale === "en" ? iso.replace("T", " ").slice(0, 16) : formatDateIn(iso, locale, true);
}

const percents = new Map<Locale, Intl.NumberFormat>();
/** A rate (0.125) as a percentage with one decimal: "12.5%" / "12,5%". */
export function percentIn(rate: number, locale: Locale): string {
  let f = percents.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], {
      style: "percent",
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    percents.set(locale, f);
  }
  return f.format(rate);
}
