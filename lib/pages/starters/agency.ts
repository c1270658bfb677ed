// The "agency" starter layout.
import { block, footer, formAnchor, signupForm, type Starter, theme } from "./kit.ts";

export default {
  id: "agency",
  name: "Agency",
  description: "Services, portfolio gallery, client quotes and a contact form.",
  content: () => ({
    theme: theme("#111827", { font: "serif", spacing: "relaxed" }),
    blocks: [
      block("hero", {
        headline: "We build brands people remember",
        subheadline: "Strategy, identity and websites for ambitious companies.",
        ctaText: "Start a project",
        ctaHref: formAnchor("contact"),
        align: "left",
      }),
      block("features", {
        title: "Services",
        columns: 3,
        items: [
          { title: "Brand strategy", text: "Positioning that sets you apart." },
          { title: "Visual identity", text: "Logos, type and colour systems." },
          { title: "Web design", text: "Sites that convert visitors into clients." },
        ],
      }),
      block("testimonials", {
        title: "Clients say",
        items: [
          {
            quote: "They understood us better than we did.",
            author: "Sam Lee",
            role: "CEO, Northwind",
          },
          {
            quote: "Our new site paid for itself within a quarter.",
            author: "Dana Whitfield",
            role: "Marketing director, Fieldstone",
          },
          {
            quote: "A clear process, no surprises, and a brand we're proud of.",
            author: "Omar Haddad",
            role: "Founder, Kiln & Co",
          },
        ],
      }),
      signupForm("contact", "Tell us about your project", "Send", { b2b: true, company: true }),
      footer("Studio North", [{ label: "Contact", href: formAnchor("contact") }]),
    ],
  }),
} satisfies Starter;
