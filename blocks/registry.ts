// The block registry: every block type, grouped. Adding a block type is one file in blocks/ and
// one line in BLOCK_DEFS. From here come the content schema (API and publishing), the site
// stylesheet, the editor's library and settings, and the generator's JSON schema.
import * as z from "zod/mini";
import type { VNode } from "preact";
import type { Category, DefaultsContext, Field } from "./kit.tsx";
import { BASE_CSS, type Theme, themeSchema } from "./theme.ts";
import hero from "./hero.tsx";
import features from "./features.tsx";
import pricing from "./pricing.tsx";
import testimonials from "./testimonials.tsx";
import faq from "./faq.tsx";
import cta from "./cta.tsx";
import image from "./image.tsx";
import gallery from "./gallery.tsx";
import video from "./video.tsx";
import form from "./form.tsx";
import countdown from "./countdown.tsx";
import html from "./html.tsx";
import footer from "./footer.tsx";

/** In the editor's library order. */
export const BLOCK_DEFS = {
  hero,
  features,
  pricing,
  testimonials,
  faq,
  cta,
  image,
  gallery,
  video,
  form,
  countdown,
  html,
  footer,
} as const;

type Defs = typeof BLOCK_DEFS;
export type BlockType = keyof Defs;
export const BLOCK_TYPES = Object.keys(BLOCK_DEFS) as BlockType[];

export const blockPropSchemas = Object.fromEntries(
  BLOCK_TYPES.map((t) => [t, BLOCK_DEFS[t].schema]),
) as { [T in BlockType]: Defs[T]["schema"] };

export type Block = {
  [T in BlockType]: { id: string; type: T; props: z.infer<Defs[T]["schema"]> };
}[BlockType];
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;
/** The page's language: its `<html lang>` and the published site's own texts (lib/i18n). */
export type ContentLocale = "en" | "vi" | "th";
export type Content = { theme: Theme; blocks: Block[]; locale?: ContentLocale };

export const CATEGORIES: Record<Category, string> = {
  basics: "Basics",
  content: "Content",
  media: "Media",
  conversion: "Conversion",
};

const blockId = z.string().check(
  z.regex(/^[A-Za-z0-9_-]{1,40}$/, "Block ids are 1-40 letters, digits, - or _"),
);

export const blockSchema = z.discriminatedUnion(
  "type",
  BLOCK_TYPES.map((type) =>
    z.object({ id: blockId, type: z.literal(type), props: BLOCK_DEFS[type].schema })
  ) as unknown as [z.ZodMiniObject<{ type: z.ZodMiniLiteral<BlockType> }>],
) as unknown as z.ZodMiniType<Block>;

export const contentSchema = z.object({
  theme: z._default(themeSchema, () => themeSchema.parse({})),
  // Optional in the type (pages stored before it have none), "en" once parsed: see the
  // overwrite below.
  locale: z.optional(z.enum(["en", "vi", "th"])),
  blocks: z.array(blockSchema).check(
    z.maxLength(60),
    z.refine(
      (blocks) => new Set(blocks.map((b) => b.id)).size === blocks.length,
      "Block ids must be unique",
    ),
  ),
}).check(z.overwrite((c) => ({ ...c, locale: c.locale ?? "en" })));

/** The stylesheet of published pages (inlined in each, so a site needs one request). */
export const SITE_CSS = BASE_CSS + BLOCK_TYPES.map((t) => BLOCK_DEFS[t].css).join("");

/** What the editor shows for a block type. */
export interface BlockSpec {
  label: string;
  icon: string;
  category: Category;
  fields: Field[];
}
export const blockSpec = (type: BlockType): BlockSpec => BLOCK_DEFS[type];

export function newBlock(type: BlockType, ctx: DefaultsContext): Block {
  return {
    id: `${type}-${Math.random().toString(36).slice(2, 8)}`,
    type,
    props: BLOCK_DEFS[type].schema.parse(BLOCK_DEFS[type].defaults(ctx)),
  } as Block;
}

/** A block rendered by its type's one render (site, preview and canvas). */
export function BlockView({ block }: { block: Block }): VNode | null {
  const Render = BLOCK_DEFS[block.type].Render as (
    p: { id: string; props: unknown },
  ) => VNode | null;
  return Render({ id: block.id, props: block.props });
}

/**
 * The JSON schema the page generator (Gemini) must answer in, derived from the blocks' zod
 * schemas: a new block type or prop reaches the generator without a hand-written prompt.
 * Blocks the generator should not produce (custom HTML, media it cannot know) are left out.
 */
export function generatorJsonSchema(
  types: BlockType[] = [
    "hero",
    "features",
    "pricing",
    "testimonials",
    "faq",
    "cta",
    "form",
    "footer",
  ],
): Record<string, unknown> {
  const schema = z.object({
    theme: z.object({ primaryColor: themeSchema.shape.primaryColor }),
    blocks: z.array(
      z.union(
        types.map((type) =>
          z.object({ id: z.string(), type: z.literal(type), props: BLOCK_DEFS[type].schema })
        ) as unknown as [z.ZodMiniObject, z.ZodMiniObject],
      ),
    ).check(z.minLength(3), z.maxLength(8)),
  });
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}
