// A page's blocks as the published site shows them (server-rendered, no script).
import { BlockView, type Content } from "./registry.ts";

export function SiteBody({ content }: { content: Content }) {
  return <main>{content.blocks.map((b) => <BlockView key={b.id} block={b} />)}</main>;
}
