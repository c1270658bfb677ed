// The "saas" starter layout.
import { block, footer, formAnchor, signupForm, type Starter, theme } from "./kit.ts";

export default {
  id: "saas",
  name: "SaaS product",
  description: "Hero, features, pricing, testimonials, FAQ and a signup form.",
  content: () => ({
    theme: theme("#4f46e5"),
    blocks: [
      block("hero", {
        headline: "Ship your product faster",
        subheadline: "The all-in-one platform that turns ideas into revenue in days, not months.",
        ctaText: "Start free trial",
        ctaHref: formAnchor("signup"),
      }),
      block("features", {
        title: "Everything you need",
        subtitle: "Powerful building blocks with none of the busywork.",
        columns: 3,
        items: [
          { icon: "⚡", title: "Fast setup", text: "Go live in minutes with sensible defaults." },
          {
            icon: "🔒",
            title: "Secure by default",
            text: "Encryption, SSO and audit logs included.",
          },
          { icon: "📈", title: "Analytics", text: "See what converts and double down." },
        ],
      }),
      block("pricing", {
        title: "Simple pricing",
        plans: [
          {
            name: "Starter",
            price: "$0",
            period: "mo",
            features: ["1 project", "Community support"],
            ctaText: "Get started",
            ctaHref: formAnchor("signup"),
            highlighted: false,
          },
          {
            name: "Pro",
            price: "$29",
            period: "mo",
            features: ["Unlimited projects", "Priority support", "Custom domain"],
            ctaText: "Go Pro",
            ctaHref: formAnchor("signup"),
            highlighted: true,
          },
          {
            name: "Team",
            price: "$99",
            period: "mo",
            features: ["Everything in Pro", "SSO", "Audit logs"],
            ctaText: "Contact sales",
            ctaHref: formAnchor("signup"),
            highlighted: false,
          },
        ],
      }),
      block("testimonials", {
        title: "Loved by teams",
        items: [
          { quote: "We launched two weeks early.", author: "Maya Chen", role: "CTO, Brightline" },
          {
            quote: "Our signups doubled in a month.",
            author: "Luis Ortega",
            role: "Founder, Tidy",
          },
          { quote: "The support team is fantastic.", author: "Priya Rao", role: "PM, Nimbus" },
        ],
      }),
      block("faq", {
        title: "Questions",
        items: [
          { question: "Is there a free trial?", answer: "Yes, 14 days with every feature." },
          {
            question: "Can I cancel any time?",
            answer: "Yes, with one click from your account.",
          },
        ],
      }),
      signupForm("signup", "Start your free trial", "Create my account", { b2b: true }),
      footer("Acme Inc.", [{ label: "Start free trial", href: formAnchor("signup") }]),
    ],
  }),
} satisfies Starter;
