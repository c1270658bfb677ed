// The page's language for server-rendered components: page() provides it, components read it
// with useT() instead of threading a locale prop through every function.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./index.ts";

export const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** The translator of the page being rendered. */
export function useT(): Translate {
  return translator(useContext(LocaleContext));
}
