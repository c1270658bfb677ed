// Browser side of islands: find each server-rendered island and hydrate it with its props, in
// the page's language (<html lang>), as the server rendered it (lib/i18n/locale-context.ts).
import { type ComponentType, h, hydrate } from "preact";
import { LocaleContext } from "../lib/i18n/locale-context.ts";
import type { Locale } from "../lib/i18n/index.ts";

const LANGS = ["en", "vi", "th"];

// deno-lint-ignore no-explicit-any
export function boot(name: string, component: ComponentType<any>) {
  const lang = document.documentElement.lang.split("-")[0];
  const locale = (LANGS.includes(lang) ? lang : "en") as Locale;
  for (
    const el of document.querySelectorAll<HTMLElement>(
      `[data-island="${name}"]`,
    )
  ) {
    const props = JSON.parse(el.dataset.props || "{}");
    hydrate(h(LocaleContext.Provider, { value: locale }, h(component, props)), el);
  }
}
