// The "newsletter" starter layout.
import { block, footer, formAnchor, type Starter, theme } from "./kit.ts";
import type { Block } from "../../blocks.ts";

export default {
  id: "newsletter",
  name: "Newsletter",
  description: "A focused signup page for a newsletter or community.",
  content: () => ({
    theme: theme("#15803d", { spacing: "compact" }),
    blocks: [
      block("hero", {
        headline: "The 5-minute Friday briefing",
        subheadline: "The week's best ideas on product and growth. Free, every Friday.",
        ctaText: "Subscribe",
        ctaHref: formAnchor("subscribe"),
      }),
      block("testimonials", {
        items: [
          {
            quote: "The only newsletter I read every week.",
            author: "Jordan P.",
            role: "Growth lead",
          },
          {
            quote: "Five minutes on Friday saves me hours of reading.",
            author: "Mei L.",
            role: "Product manager",
          },
          {
            quote: "Every issue has one idea I use the next week.",
            author: "Chris O.",
            role: "Founder",
          },
        ],
      }),
      {
        ...block("form", {
          title: "Subscribe",
          fields: [{ name: "email", label: "Email", type: "email", required: true }],
          submitText: "Subscribe",
          successMessage: "You're in! Check your inbox to confirm.",
        }),
        id: "subscribe",
      } as Block,
      footer("Friday Briefing", [{ label: "Subscribe", href: formAnchor("subscribe") }]),
    ],
  }),
} satisfies Starter;
