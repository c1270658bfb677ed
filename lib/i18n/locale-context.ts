// The language of what is being rendered. On the server page() provides it; in the browser
// client/hydrate.ts provides <html lang>, so an island renders the same words on both sides.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Locale } from "./index.ts";

export const LocaleContext = createContext<Locale>("en");

export function useLocale(): Locale {
  return useContext(LocaleContext);
}
