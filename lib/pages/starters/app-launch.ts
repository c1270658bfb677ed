// The "app-launch" starter layout.
import { block, footer, formAnchor, signupForm, type Starter, theme } from "./kit.ts";

export default {
  id: "app-launch",
  name: "App launch",
  description: "A bold launch page with a countdown and a waitlist.",
  content: () => ({
    theme: theme("#0369a1", { font: "rounded", radius: "large" }),
    blocks: [
      block("hero", {
        headline: "The app your mornings deserve",
        subheadline: "Launching soon on iOS and Android.",
        ctaText: "Join the waitlist",
        ctaHref: formAnchor("waitlist"),
      }),
      block("countdown", {
        title: "Launch in",
        target: new Date(Date.now() + 30 * 86400000).toISOString(),
        expiredText: "We're live!",
      }),
      block("features", {
        title: "Why you'll love it",
        columns: 2,
        items: [
          { icon: "☀️", title: "Morning routines", text: "Build habits that stick." },
          { icon: "🔔", title: "Gentle reminders", text: "Nudges at the right moment." },
        ],
      }),
      signupForm("waitlist", "Get early access", "Join the waitlist", {
        successMessage: "You're on the list! We'll email you as soon as we launch.",
      }),
      footer("Sunrise Apps", [{ label: "Join the waitlist", href: formAnchor("waitlist") }]),
    ],
  }),
} satisfies Starter;
