// Pricing: up to six plans side by side; one can be highlighted.
import * as z from "zod/mini";
import { defineBlock, href, list, or, text } from "./kit.tsx";

export default defineBlock({
  type: "pricing",
  label: "Pricing",
  icon: "$",
  category: "conversion",
  schema: z.object({
    title: or(text(200), ""),
    plans: or(
      list(
        z.object({
          name: text(80),
          price: text(40),
          period: or(text(40), ""),
          features: or(list(text(200), 20), []),
          ctaText: or(text(80), "Choose"),
          ctaHref: or(href, "#"),
          highlighted: or(z.boolean(), false),
        }),
        6,
      ),
      [],
    ),
  }),
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
        { key: "ctaHref", label: "Button link", kind: "url" },
        { key: "highlighted", label: "Highlight", kind: "checkbox" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section lh-alt">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div class={`lh-grid lh-cols-${Math.min(Math.max(p.plans.length, 1), 3)}`}>
          {p.plans.map((plan, i) => (
            <div class={`lh-card lh-plan${plan.highlighted ? " lh-featured" : ""}`} key={i}>
              <h3>{plan.name}</h3>
              <p class="lh-price">
                {plan.price}
                {plan.period && <span>/{plan.period}</span>}
              </p>
              <ul>{plan.features.map((f, j) => <li key={j}>{f}</li>)}</ul>
              {plan.ctaText && <a class="lh-btn" href={plan.ctaHref || "#"}>{plan.ctaText}</a>}
            </div>
          ))}
        </div>
      </div>
    </section>
  ),
  css:
    `.lh-plan{display:flex;flex-direction:column}.lh-plan ul{padding-left:1.2em;flex:1}.lh-featured{border:2px solid var(--p);box-shadow:0 10px 30px color-mix(in srgb,var(--p) 25%,transparent)}.lh-price{font-size:2rem;font-weight:700;margin:.2em 0}.lh-price span{font-size:1rem;opacity:.7}`,
});
