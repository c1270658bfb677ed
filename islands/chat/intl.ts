// Numbers, percentages and times for the chat and live islands, in the page's language via Intl.
// English keeps the formats these islands always had (en-US figures; times in the browser's own
// conventions); Vietnamese and Thai use their own (vi-VN, th-TH).
import { INTL_TAG } from "../../lib/i18n/fill.ts";
import type { Locale } from "../../lib/i18n/index.ts";

export { formatNumber } from "../../lib/i18n/fill.ts";

/** The tag for times and dates: the browser's default for English, else the page's language. */
export const timeTag = (locale: Locale): string | undefined =>
  locale === "en" ? undefined : INTL_TAG[locale];

const percents = new Map<string, Intl.NumberFormat>();
/** 0.333 → "33.3%" (en), "33,3%" (vi). */
export function formatPercent(x: number, locale: Locale, digits = 1): string {
  const id = `${locale}:${digits}`;
  let f = percents.get(id);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], {
      style: "percent",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    percents.set(id, f);
  }
  return f.format(x);
}
