// What the editor knows about each block type: a label, default props for a new block, and the
// fields of its settings panel. (The server validates everything again with lib/blocks.ts.)
import type { Block, BlockType } from "../../lib/blocks.ts";

export type Field =
  | { key: string; label: string; kind: "text" | "textarea" | "url" | "image" | "date" | "color" }
  | { key: string; label: string; kind: "checkbox" }
  | { key: string; label: string; kind: "number"; min: number; max: number }
  | { key: string; label: string; kind: "select"; options: string[] }
  | { key: string; label: string; kind: "lines" }
  | {
    key: string;
    label: string;
    kind: "list";
    item: Field[];
    itemLabel: string;
    blank: Record<string, unknown>;
  };

export interface BlockSpec {
  label: string;
  icon: string;
  fields: Field[];
  defaults: () => Record<string, unknown>;
}

const link = (key: string, label: string): Field => ({ key, label, kind: "url" });

export const BLOCKS: Record<BlockType, BlockSpec> = {
  hero: {
    label: "Hero",
    icon: "★",
    fields: [
      { key: "headline", label: "Headline", kind: "text" },
      { key: "subheadline", label: "Subheadline", kind: "textarea" },
      { key: "ctaText", label: "Button text", kind: "text" },
      link("ctaHref", "Button link"),
      { key: "image", label: "Image", kind: "image" },
      { key: "align", label: "Alignment", kind: "select", options: ["center", "left"] },
    ],
    defaults: () => ({
      headline: "Your big promise goes here",
      subheadline: "One sentence that explains who this is for and why it matters.",
      ctaText: "Get started",
      ctaHref: "#",
      image: "",
      align: "center",
    }),
  },
  features: {
    label: "Features",
    icon: "▦",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      { key: "subtitle", label: "Subtitle", kind: "textarea" },
      { key: "columns", label: "Columns", kind: "number", min: 1, max: 4 },
      {
        key: "items",
        label: "Features",
        kind: "list",
        itemLabel: "Feature",
        blank: { icon: "✨", title: "New feature", text: "" },
        item: [
          { key: "icon", label: "Icon (emoji)", kind: "text" },
          { key: "title", label: "Title", kind: "text" },
          { key: "text", label: "Text", kind: "textarea" },
        ],
      },
    ],
    defaults: () => ({
      title: "Why people choose us",
      subtitle: "",
      columns: 3,
      items: [
        { icon: "⚡", title: "Fast", text: "Set up in minutes." },
        { icon: "🔒", title: "Secure", text: "Your data stays yours." },
        { icon: "💬", title: "Supported", text: "Real people, real answers." },
      ],
    }),
  },
  pricing: {
    label: "Pricing",
    icon: "$",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      {
        key: "plans",
        label: "Plans",
        kind: "list",
        itemLabel: "Plan",
        blank: {
          name: "Plan",
          price: "$9",
          period: "mo",
          features: [],
          ctaText: "Choose",
          ctaHref: "#",
          highlighted: false,
        },
        item: [
          { key: "name", label: "Name", kind: "text" },
          { key: "price", label: "Price", kind: "text" },
          { key: "period", label: "Period", kind: "text" },
          { key: "features", label: "Features (one per line)", kind: "lines" },
          { key: "ctaText", label: "Button text", kind: "text" },
          link("ctaHref", "Button link"),
          { key: "highlighted", label: "Highlight", kind: "checkbox" },
        ],
      },
    ],
    defaults: () => ({
      title: "Pricing",
      plans: [
        {
          name: "Basic",
          price: "$9",
          period: "mo",
          features: ["One site"],
          ctaText: "Choose",
          ctaHref: "#",
          highlighted: false,
        },
        {
          name: "Pro",
          price: "$29",
          period: "mo",
          features: ["Ten sites", "Priority support"],
          ctaText: "Choose",
          ctaHref: "#",
          highlighted: true,
        },
      ],
    }),
  },
  testimonials: {
    label: "Testimonials",
    icon: "❝",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      {
        key: "items",
        label: "Quotes",
        kind: "list",
        itemLabel: "Quote",
        blank: { quote: "Great product!", author: "Customer", role: "", avatar: "" },
        item: [
          { key: "quote", label: "Quote", kind: "textarea" },
          { key: "author", label: "Author", kind: "text" },
          { key: "role", label: "Role", kind: "text" },
          { key: "avatar", label: "Avatar", kind: "image" },
        ],
      },
    ],
    defaults: () => ({
      title: "What customers say",
      items: [{
        quote: "It paid for itself in a week.",
        author: "Jamie",
        role: "Founder",
        avatar: "",
      }],
    }),
  },
  faq: {
    label: "FAQ",
    icon: "?",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      {
        key: "items",
        label: "Questions",
        kind: "list",
        itemLabel: "Question",
        blank: { question: "New question?", answer: "The answer." },
        item: [
          { key: "question", label: "Question", kind: "text" },
          { key: "answer", label: "Answer", kind: "textarea" },
        ],
      },
    ],
    defaults: () => ({
      title: "Frequently asked questions",
      items: [{ question: "How does it work?", answer: "Sign up, pick a plan, and you're ready." }],
    }),
  },
  cta: {
    label: "Call to action",
    icon: "➜",
    fields: [
      { key: "headline", label: "Headline", kind: "text" },
      { key: "text", label: "Text", kind: "textarea" },
      { key: "buttonText", label: "Button text", kind: "text" },
      link("buttonHref", "Button link"),
    ],
    defaults: () => ({
      headline: "Ready to start?",
      text: "Join thousands of happy customers.",
      buttonText: "Sign up",
      buttonHref: "#",
    }),
  },
  image: {
    label: "Image",
    icon: "▣",
    fields: [
      { key: "src", label: "Image", kind: "image" },
      { key: "alt", label: "Alt text", kind: "text" },
      { key: "caption", label: "Caption", kind: "text" },
      { key: "width", label: "Width", kind: "select", options: ["narrow", "wide", "full"] },
    ],
    defaults: () => ({
      src: "https://placehold.co/1200x600/png",
      alt: "",
      caption: "",
      width: "wide",
    }),
  },
  gallery: {
    label: "Gallery",
    icon: "▤",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      {
        key: "images",
        label: "Images",
        kind: "list",
        itemLabel: "Image",
        blank: { src: "https://placehold.co/800x600/png", alt: "" },
        item: [
          { key: "src", label: "Image", kind: "image" },
          { key: "alt", label: "Alt text", kind: "text" },
        ],
      },
    ],
    defaults: () => ({
      title: "Gallery",
      images: [{ src: "https://placehold.co/800x600/png", alt: "" }, {
        src: "https://placehold.co/800x600/png",
        alt: "",
      }],
    }),
  },
  video: {
    label: "Video",
    icon: "▶",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      { key: "url", label: "YouTube or Vimeo link", kind: "url" },
    ],
    defaults: () => ({
      title: "See it in action",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    }),
  },
  form: {
    label: "Form",
    icon: "✉",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      {
        key: "fields",
        label: "Fields",
        kind: "list",
        itemLabel: "Field",
        blank: { name: "field", label: "Field", type: "text", required: false },
        item: [
          { key: "label", label: "Label", kind: "text" },
          { key: "name", label: "Name (letters, digits, _)", kind: "text" },
          {
            key: "type",
            label: "Type",
            kind: "select",
            options: ["text", "email", "tel", "textarea", "select", "checkbox"],
          },
          { key: "required", label: "Required", kind: "checkbox" },
          { key: "options", label: "Options (select, one per line)", kind: "lines" },
        ],
      },
      { key: "submitText", label: "Button text", kind: "text" },
      { key: "successMessage", label: "Thank-you message", kind: "textarea" },
    ],
    defaults: () => ({
      title: "Get in touch",
      fields: [
        { name: "name", label: "Name", type: "text", required: true },
        { name: "email", label: "Email", type: "email", required: true },
      ],
      submitText: "Send",
      successMessage: "Thanks! We'll be in touch.",
    }),
  },
  countdown: {
    label: "Countdown",
    icon: "⏱",
    fields: [
      { key: "title", label: "Title", kind: "text" },
      { key: "target", label: "Ends at", kind: "date" },
      { key: "expiredText", label: "Text after the end", kind: "text" },
    ],
    defaults: () => ({
      title: "Offer ends in",
      target: new Date(Date.now() + 7 * 86400000).toISOString(),
      expiredText: "This offer has ended",
    }),
  },
  html: {
    label: "Custom HTML",
    icon: "</>",
    fields: [{
      key: "html",
      label: "HTML (scripts and event handlers are removed)",
      kind: "textarea",
    }],
    defaults: () => ({ html: "<p>Your <strong>custom</strong> HTML.</p>" }),
  },
  footer: {
    label: "Footer",
    icon: "▁",
    fields: [
      { key: "text", label: "Text", kind: "text" },
      {
        key: "links",
        label: "Links",
        kind: "list",
        itemLabel: "Link",
        blank: { label: "Link", href: "#" },
        item: [
          { key: "label", label: "Label", kind: "text" },
          link("href", "Link"),
        ],
      },
    ],
    defaults: () => ({ text: `© ${new Date().getFullYear()} Your company`, links: [] }),
  },
};

export function newBlock(type: BlockType): Block {
  return {
    id: `${type}-${Math.random().toString(36).slice(2, 8)}`,
    type,
    props: BLOCKS[type].defaults(),
  } as Block;
}
