// The page content model: theme and blocks, validated by zod. Shared by the API, the editor
// island (types only) and the site renderer.
import { z } from "zod";

const text = (max = 500) => z.string().max(max);
const href = z.string().max(2000).refine(
  (v) => v === "" || /^(https?:\/\/|mailto:|tel:|#|\/)/i.test(v),
  "Links must be http(s), mailto:, tel:, #anchor or /path",
);
const imageUrl = z.string().max(2000).refine(
  (v) => v === "" || /^(https?:\/\/|\/uploads\/)/i.test(v),
  "Images must be an http(s) URL or an upload",
);

export const heroProps = z.object({
  headline: text(200),
  subheadline: text(500).default(""),
  ctaText: text(80).default(""),
  ctaHref: href.default("#"),
  image: imageUrl.default(""),
  align: z.enum(["left", "center"]).default("center"),
});

export const featuresProps = z.object({
  title: text(200).default(""),
  subtitle: text(500).default(""),
  items: z.array(
    z.object({
      icon: text(8).default(""),
      title: text(120),
      text: text(600).default(""),
    }),
  )
    .max(24).default([]),
  columns: z.number().int().min(1).max(4).default(3),
});

export const pricingProps = z.object({
  title: text(200).default(""),
  plans: z.array(z.object({
    name: text(80),
    price: text(40),
    period: text(40).default(""),
    features: z.array(text(200)).max(20).default([]),
    ctaText: text(80).default("Choose"),
    ctaHref: href.default("#"),
    highlighted: z.boolean().default(false),
  })).max(6).default([]),
});

export const testimonialsProps = z.object({
  title: text(200).default(""),
  items: z.array(z.object({
    quote: text(1000),
    author: text(120),
    role: text(120).default(""),
    avatar: imageUrl.default(""),
  })).max(24).default([]),
});

export const faqProps = z.object({
  title: text(200).default(""),
  items: z.array(z.object({ question: text(300), answer: text(2000) })).max(50)
    .default([]),
});

export const ctaProps = z.object({
  headline: text(200),
  text: text(500).default(""),
  buttonText: text(80).default(""),
  buttonHref: href.default("#"),
});

export const imageProps = z.object({
  src: imageUrl,
  alt: text(300).default(""),
  caption: text(300).default(""),
  width: z.enum(["narrow", "wide", "full"]).default("wide"),
});

export const galleryProps = z.object({
  title: text(200).default(""),
  images: z.array(z.object({ src: imageUrl, alt: text(300).default("") })).max(
    24,
  ).default([]),
});

export const videoProps = z.object({
  url: z.string().max(500).refine(
    (v) =>
      v === "" ||
      /^https:\/\/(www\.)?(youtube\.com|youtu\.be|player\.vimeo\.com|vimeo\.com)\//i
        .test(v),
    "Use a YouTube or Vimeo link",
  ),
  title: text(200).default(""),
});

export const formFieldSchema = z.object({
  name: z.string().regex(
    /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/,
    "Field names are letters, digits and _",
  ),
  label: text(120),
  type: z.enum(["text", "email", "tel", "textarea", "select", "checkbox"]),
  required: z.boolean().default(false),
  options: z.array(text(120)).max(50).optional(),
});

export const formProps = z.object({
  title: text(200).default(""),
  fields: z.array(formFieldSchema).min(1).max(20).refine(
    (fields) => new Set(fields.map((f) => f.name)).size === fields.length,
    "Field names must be unique",
  ),
  submitText: text(80).default("Submit"),
  successMessage: text(500).default("Thanks! We'll be in touch."),
});

export const countdownProps = z.object({
  title: text(200).default(""),
  target: z.string().max(40).refine(
    (v) => !Number.isNaN(Date.parse(v)),
    "Use an ISO date",
  ),
  expiredText: text(200).default("This offer has ended"),
});

export const htmlProps = z.object({ html: z.string().max(20000) });

export const footerProps = z.object({
  text: text(500).default(""),
  links: z.array(z.object({ label: text(80), href })).max(20).default([]),
});

export const blockPropSchemas = {
  hero: heroProps,
  features: featuresProps,
  pricing: pricingProps,
  testimonials: testimonialsProps,
  faq: faqProps,
  cta: ctaProps,
  image: imageProps,
  gallery: galleryProps,
  video: videoProps,
  form: formProps,
  countdown: countdownProps,
  html: htmlProps,
  footer: footerProps,
} as const;

export type BlockType = keyof typeof blockPropSchemas;
export const BLOCK_TYPES = Object.keys(blockPropSchemas) as BlockType[];

const blockId = z.string().regex(
  /^[A-Za-z0-9_-]{1,40}$/,
  "Block ids are 1-40 letters, digits, - or _",
);

export const blockSchema = z.discriminatedUnion(
  "type",
  BLOCK_TYPES.map((type) =>
    z.object({
      id: blockId,
      type: z.literal(type),
      props: blockPropSchemas[type],
    })
  ) as unknown as [z.ZodObject<{ type: z.ZodLiteral<BlockType> }>],
) as unknown as z.ZodType<Block>;

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a #rrggbb colour");

export const themeSchema = z.object({
  primaryColor: color.default("#4f46e5"),
  backgroundColor: color.default("#ffffff"),
  textColor: color.default("#0f172a"),
  font: z.enum(["system", "serif", "mono", "rounded"]).default("system"),
  spacing: z.enum(["compact", "normal", "relaxed"]).default("normal"),
  radius: z.enum(["none", "small", "large"]).default("small"),
});

export const contentSchema = z.object({
  theme: themeSchema.default(themeSchema.parse({})),
  blocks: z.array(blockSchema).max(60).refine(
    (blocks) => new Set(blocks.map((b) => b.id)).size === blocks.length,
    "Block ids must be unique",
  ),
});

export type Theme = z.infer<typeof themeSchema>;
export type Content = { theme: Theme; blocks: Block[] };
export type Block = {
  [T in BlockType]: {
    id: string;
    type: T;
    props: z.infer<(typeof blockPropSchemas)[T]>;
  };
}[BlockType];
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export const seoSchema = z.object({
  title: text(200).default(""),
  description: text(500).default(""),
  image: imageUrl.default(""),
});
export type Seo = z.infer<typeof seoSchema>;

export function emptyContent(): Content {
  return { theme: themeSchema.parse({}), blocks: [] };
}

export function blockHasForm(content: Content, blockId: string) {
  return content.blocks.find((b): b is BlockOf<"form"> => b.type === "form" && b.id === blockId) ??
    null;
}
