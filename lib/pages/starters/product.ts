// The "product" starter layout.
import { block, footer, type Starter, theme } from "./kit.ts";
import type { Block } from "../../blocks.ts";

export default {
  id: "product",
  name: "Product",
  description: "A physical product with gallery, features, reviews and a buy call to action.",
  content: () => ({
    theme: theme("#c2410c"),
    blocks: [
      block("hero", {
        headline: "Meet the Aero Bottle",
        subheadline: "Keeps drinks cold for 24 hours. Weighs less than your phone.",
        ctaText: "Buy now — $39",
        ctaHref: "#buy",
      }),
      block("features", {
        title: "Designed for adventure",
        columns: 4,
        items: [
          { icon: "❄️", title: "24h cold" },
          { icon: "🔥", title: "12h hot" },
          { icon: "🪶", title: "180 g" },
          { icon: "♻️", title: "Recycled steel" },
        ],
      }),
      block("testimonials", {
        title: "Reviews",
        items: [
          { quote: "Survived a week of hiking.", author: "Alex K.", role: "Verified buyer" },
          {
            quote: "Still ice-cold at the end of a day on the beach.",
            author: "Rina M.",
            role: "Verified buyer",
          },
          {
            quote: "Light enough that I forget it's in my bag.",
            author: "Tom B.",
            role: "Verified buyer",
          },
        ],
      }),
      {
        ...block("cta", {
          headline: "Ready for your next trip?",
          text: "Free shipping and 30-day returns.",
          buttonText: "Buy the Aero",
          buttonHref: "#",
        }),
        id: "buy",
      } as Block,
      footer("Aero Gear"),
    ],
  }),
} satisfies Starter;
