// The language switcher: plain links with ?lang (no script), in a labelled nav. The middleware
// remembers the choice (lib/i18n/middleware.ts). Each name is written in its own language and
// marked with its lang, so screen readers pronounce it right.
import { LOCALE_NAMES, LOCALES } from "../lib/i18n/index.ts";
import { useLocale, useT } from "../lib/i18n/context.ts";

export function LanguageSwitcher({ class: cls = "" }: { class?: string }) {
  const t = useT();
  const current = useLocale();
  return (
    <nav aria-labelledby="lang-switcher-label" class={`text-sm ${cls}`} data-testid="lang-switcher">
      <span id="lang-switcher-label" class="mr-2 text-slate-500">{t("lang.label")}:</span>
      <ul class="inline-flex flex-wrap gap-1">
        {LOCALES.map((l) => (
          <li>
            <a
              href={`?lang=${l}`}
              lang={l}
              hreflang={l}
              aria-current={l === current ? "true" : undefined}
              class={`rounded-md px-2 py-1 ${
                l === current
                  ? "bg-brand-50 font-medium text-brand-700"
                  : "text-slate-600 hover:bg-slate-100"
              }`}
            >
              {LOCALE_NAMES[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
