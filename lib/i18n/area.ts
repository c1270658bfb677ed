// One part of the app's messages in all three languages side by side (lib/i18n/areas/*.ts): a
// translator sees English, Vietnamese and Thai together, the compiler refuses a Vietnamese or
// Thai table that misses an English key, and an island bundles only its own area. Every area is
// also merged into the app-wide catalogues (./en.ts, ./vi.ts, ./th.ts), so useT() and t() know
// its keys too and tests/i18n_test.ts checks them with the rest.
import type { Locale } from "./index.ts";
import { type Params, type PluralForms, render } from "./fill.ts";
import { useLocale } from "./locale-context.ts";

export type Messages = Record<string, string | PluralForms>;
/** The same keys as English: text where English has text, plural forms where it has them. */
export type Translation<E extends Messages> = {
  [K in keyof E]: E[K] extends string ? string : PluralForms;
};
export interface Area<E extends Messages> {
  en: E;
  vi: Translation<E>;
  th: Translation<E>;
}

/** Declares an area; the type parameter is English, the other two must match it key for key. */
export function defineArea<E extends Messages>(area: Area<E>): Area<E> {
  return area;
}

export type AreaTranslate<E extends Messages> = (key: keyof E & string, params?: Params) => string;

/** A translator over one area in `locale`. */
export function areaT<E extends Messages>(area: Area<E>, locale: Locale): AreaTranslate<E> {
  const table = area[locale] as Messages;
  const en = area.en as Messages;
  return (key, params) => render(table[key] ?? en[key], locale, params);
}

/** In a component (server-rendered or hydrated island): the area's translator for its language. */
export function useAreaT<E extends Messages>(area: Area<E>): AreaTranslate<E> {
  return areaT(area, useLocale());
}
