// The "event" starter layout.
import { block, footer, formAnchor, signupForm, type Starter, theme } from "./kit.ts";

export default {
  id: "event",
  name: "Event",
  description: "Conference or meetup: agenda, speakers and registration.",
  content: () => ({
    theme: theme("#be185d"),
    blocks: [
      block("hero", {
        headline: "DesignConf 2027",
        subheadline: "Two days of talks and workshops · Lisbon · June 12–13",
        ctaText: "Register now",
        ctaHref: formAnchor("register"),
      }),
      block("countdown", {
        title: "Doors open in",
        target: new Date(Date.now() + 60 * 86400000).toISOString(),
        expiredText: "See you next year!",
      }),
      block("features", {
        title: "Agenda",
        columns: 3,
        items: [
          { icon: "🎤", title: "Keynotes", text: "Industry leaders on the future of design." },
          { icon: "🛠️", title: "Workshops", text: "Hands-on sessions in small groups." },
          { icon: "🥂", title: "Networking", text: "Evening social on the river." },
        ],
      }),
      block("pricing", {
        title: "Tickets",
        plans: [
          {
            name: "Standard",
            price: "€299",
            features: ["Both days", "Lunch included"],
            ctaText: "Buy",
            ctaHref: formAnchor("register"),
            highlighted: false,
          },
          {
            name: "VIP",
            price: "€549",
            features: ["Both days", "Workshops", "Speaker dinner"],
            ctaText: "Buy VIP",
            ctaHref: formAnchor("register"),
            highlighted: true,
          },
        ],
      }),
      signupForm("register", "Register", "Save my seat", {
        company: true,
        successMessage: "You're registered! Your confirmation is on its way.",
      }),
      footer("DesignConf", [{ label: "Register", href: formAnchor("register") }]),
    ],
  }),
} satisfies Starter;
