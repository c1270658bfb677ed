// The page's language for server-rendered components: page() provides it, components read it
// with useT() instead of threading a locale prop through every function. Islands use an area's
// translator instead (./area.ts), which does not bundle the whole app's catalogues.
import { useContext } from "preact/hooks";
import { type Translate, translator } from "./index.ts";
import { LocaleContext } from "./locale-context.ts";

export { LocaleContext, useLocale } from "./locale-context.ts";

/** The translator of the page being rendered. */
export function useT(): Translate {
  return translator(useContext(LocaleContext));
}
