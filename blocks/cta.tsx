// Call to action: a coloured band with a headline, a sentence and a button.
import * as z from "zod/mini";
import { defineBlock, href, Inline, or, text } from "./kit.tsx";

export default defineBlock({
  type: "cta",
  label: "Call to action",
  icon: "➜",
  category: "conversion",
  schema: z.object({
    headline: text(200),
    text: or(text(500), ""),
    buttonText: or(text(80), ""),
    buttonHref: or(href, "#"),
  }),
  defaults: () => ({
    headline: "Ready to start?",
    text: "Join thousands of happy customers.",
    buttonText: "Sign up",
    buttonHref: "#",
  }),
  fields: [
    { key: "headline", label: "Headline", kind: "text", inline: true },
    { key: "text", label: "Text", kind: "textarea", inline: true },
    { key: "buttonText", label: "Button text", kind: "text" },
    { key: "buttonHref", label: "Button link", kind: "url" },
  ],
  Render: ({ props: p }) => (
    <section class="lh-cta">
      <div class="lh-wrap">
        <Inline as="h2" field="headline" placeholder="Headline" value={p.headline} />
        <Inline as="p" field="text" placeholder="Text" value={p.text} />
        {p.buttonText && (
          <a class="lh-btn lh-btn-light" href={p.buttonHref || "#"}>{p.buttonText}</a>
        )}
      </div>
    </section>
  ),
  css:
    `.lh-btn-light{background:#fff;color:var(--p)}.lh-cta{padding:var(--gap) 0;background:var(--p);color:#fff;text-align:center}.lh-cta h2{color:#fff}`,
});
