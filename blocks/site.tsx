// A page's blocks as the published site shows them (server-rendered, no script).
import { BlockView, type Content } from "./registry.ts";
import { LocaleContext } from "../lib/i18n/locale-context.ts";

export function SiteBody({ content }: { content: Content }) {
  // Blocks with texts of their own (the countdown's units) read the page's language from here.
  return (
    <LocaleContext.Provider value={content.locale ?? "en"}>
      <main>{content.blocks.map((b) => <BlockView key={b.id} block={b} />)}</main>
    </LocaleContext.Provider>
  );
}
