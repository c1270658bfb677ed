// The page content model, as lib/ sees it: the block registry (blocks/registry.ts: one file per
// block type) and the theme (blocks/theme.ts), plus the page's SEO fields and small helpers.
import { z } from "zod";
import type { BlockOf, Content } from "../blocks/registry.ts";
import { imageUrl } from "../blocks/kit.tsx";
import { themeSchema } from "../blocks/theme.ts";

export {
  type Block,
  BLOCK_TYPES,
  type BlockOf,
  blockPropSchemas,
  blockSchema,
  type BlockType,
  type Content,
  contentSchema,
} from "../blocks/registry.ts";
export { type Theme, themeSchema } from "../blocks/theme.ts";
export { formFieldSchema } from "../blocks/form.tsx";

export const seoSchema = z.object({
  title: z.string().max(200).default(""),
  description: z.string().max(500).default(""),
  image: z._default(imageUrl, ""),
  /** Opt-in: the published page carries the support widget (lib/sites/widget-script.ts). */
  supportWidget: z.boolean().optional(),
});
export type Seo = z.infer<typeof seoSchema>;

export function emptyContent(): Content {
  return { theme: themeSchema.parse({}), blocks: [] };
}

export function blockHasForm(content: Content, blockId: string) {
  return content.blocks.find((b): b is BlockOf<"form"> => b.type === "form" && b.id === blockId) ??
    null;
}
