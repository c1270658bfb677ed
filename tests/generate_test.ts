// The local page generator (no GEMINI_API_KEY): descriptions → name, headline, layout, labels.
import assert from "node:assert/strict";
import { type Block, contentSchema } from "../lib/blocks.ts";
import { footerText, localGenerate, STARTERS } from "../lib/pages/starters.ts";

const year = new Date().getFullYear();
const find = <T extends Block["type"]>(blocks: Block[], type: T) =>
  blocks.find((b): b is Extract<Block, { type: T }> => b.type === type);

interface Case {
  description: string;
  name: string;
  headline: string;
  subheadline?: string;
  types: string[];
  features?: string[];
  /** The form's email label, or null for a layout without a form. */
  email: string | null;
  /** Every plan's price starts with this symbol. */
  currency?: string;
  footer: string;
}

const CASES: Case[] = [
  {
    description:
      "A waitlist page for a dog-walking app in Berlin called Pawsome, with pricing in euros",
    name: "Pawsome",
    headline: "Pawsome — a dog-walking app in Berlin",
    types: ["hero", "countdown", "features", "pricing", "form", "footer"],
    email: "Email",
    currency: "€",
    footer: `© ${year} Pawsome. All rights reserved.`,
  },
  {
    description:
      "Make me a landing page for Listly, a to-do app with smart reminders, shared lists and offline mode.",
    name: "Listly",
    headline: "Listly — a to-do app",
    subheadline: "Smart reminders, shared lists and offline mode.",
    types: ["hero", "countdown", "features", "form", "footer"],
    features: ["Smart reminders", "Shared lists", "Offline mode"],
    email: "Email",
    footer: `© ${year} Listly. All rights reserved.`,
  },
  {
    description:
      "A simple landing page for Ledgerly, an invoicing tool for freelancers, with plans and prices in pounds",
    name: "Ledgerly",
    headline: "Ledgerly — an invoicing tool for freelancers",
    types: ["hero", "features", "pricing", "testimonials", "faq", "form", "footer"],
    email: "Work email",
    currency: "£",
    footer: `© ${year} Ledgerly. All rights reserved.`,
  },
  {
    description:
      "One-page site about a sourdough bakery in Leeds with fresh bread, weekend workshops and local delivery",
    name: "A sourdough bakery in Leeds",
    headline: "A sourdough bakery in Leeds",
    subheadline: "Fresh bread, weekend workshops and local delivery.",
    types: ["hero", "features", "form", "footer"],
    features: ["Fresh bread", "Weekend workshops", "Local delivery"],
    email: "Email",
    footer: `© ${year}. All rights reserved.`,
  },
  {
    description: "A conference for indie game developers in Berlin. Talks and workshops.",
    name: "A conference for indie game developers in Berlin",
    headline: "A conference for indie game developers in Berlin",
    subheadline: "Talks and workshops.",
    types: ["hero", "countdown", "features", "pricing", "form", "footer"],
    email: "Email",
    footer: `© ${year}. All rights reserved.`,
  },
  {
    description:
      "Brewly is a coffee subscription for busy people. Fresh beans every month, roasted to order.",
    name: "Brewly",
    headline: "Brewly — a coffee subscription for busy people",
    subheadline: "Fresh beans every month, roasted to order.",
    types: ["hero", "features", "testimonials", "cta", "footer"],
    email: null,
    footer: `© ${year} Brewly. All rights reserved.`,
  },
  {
    description: "Landing page for Crumb & Co, a sourdough bakery in Leeds. Prices in pounds.",
    name: "Crumb & Co",
    headline: "Crumb & Co — a sourdough bakery in Leeds",
    types: ["hero", "pricing", "form", "footer"],
    email: "Email",
    currency: "£",
    footer: `© ${year} Crumb & Co. All rights reserved.`,
  },
  {
    description: "Product page for the Trailmate backpack with a rain cover and pricing",
    name: "Trailmate",
    headline: "The Trailmate backpack with a rain cover",
    types: ["hero", "features", "pricing", "testimonials", "cta", "footer"],
    email: null,
    footer: `© ${year} Trailmate. All rights reserved.`,
  },
];

for (const c of CASES) {
  Deno.test(`local generator: ${c.description}`, () => {
    const { content, name } = localGenerate(c.description);
    assert.ok(contentSchema.safeParse(content).success, "valid content");
    const { blocks } = content;
    const hero = find(blocks, "hero")!;
    assert.equal(name, c.name);
    assert.equal(hero.props.headline, c.headline);
    assert.ok(hero.props.subheadline, "a subheadline, from the description or the layout");
    if (c.subheadline) assert.equal(hero.props.subheadline, c.subheadline);
    assert.deepEqual(blocks.map((b) => b.type), c.types);
    const features = find(blocks, "features");
    if (c.features) assert.deepEqual(features?.props.items.map((i) => i.title), c.features);
    // Never the starter's made-up product ("Morning routines", "24h cold").
    const starterOnly = ["Morning routines", "Gentle reminders", "24h cold", "Recycled steel"];
    for (const item of features?.props.items ?? []) {
      assert.ok(!starterOnly.includes(item.title), `starter feature ${item.title}`);
    }
    const form = find(blocks, "form");
    assert.equal(
      form?.props.fields.find((f) => f.type === "email")?.label ?? null,
      c.email,
    );
    const pricing = find(blocks, "pricing");
    if (c.currency) {
      assert.ok(pricing!.props.plans.every((p) => p.price.startsWith(c.currency!)), "currency");
    }
    // Links go to the page's own form (rendered as #form-<id>) or nowhere in particular.
    for (const plan of pricing?.props.plans ?? []) {
      assert.ok(
        plan.ctaHref === "#" || (form && plan.ctaHref === `#form-${form.id}`),
        plan.ctaHref,
      );
    }
    assert.equal(find(blocks, "footer")!.props.text, c.footer);
    const text = JSON.stringify(content);
    assert.doesNotMatch(text, /called|with pricing|in euros|in pounds|Acme|Sunrise|Aero/);
  });
}

Deno.test("local generator: any description gives valid content quickly", () => {
  const words = (
    "a an the page site for about called named with and , . — : is my our app tool conference " +
    "newsletter shop pricing plans prices euros pounds £ € $ Pawsome Brewly Crumb & Co B2B teams " +
    '" “ ” with-lists A-B x 123 Berlin Leeds iOS eBay reminders offline'
  ).split(" ");
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const started = performance.now();
  for (let i = 0; i < 2000; i++) {
    const n = 2 + Math.floor(rnd() * 60);
    const description = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)])
      .join(rnd() < 0.8 ? " " : "");
    const { content, name } = localGenerate(description);
    assert.ok(contentSchema.safeParse(content).success, description);
    assert.ok(name.length > 0 && name.length <= 120, description);
  }
  localGenerate("x".repeat(2000));
  localGenerate(`${"Abc ".repeat(500)}`);
  assert.ok(performance.now() - started < 5000, "no slow patterns");
});

Deno.test("starters: footers end in one period and link to the page's own form", () => {
  assert.equal(footerText("Acme Inc.", 2026), "© 2026 Acme Inc. All rights reserved.");
  assert.equal(footerText("Pawsome", 2026), "© 2026 Pawsome. All rights reserved.");
  assert.equal(footerText(null, 2026), "© 2026. All rights reserved.");
  for (const starter of STARTERS) {
    const { blocks } = starter.content();
    const forms = new Set(blocks.filter((b) => b.type === "form").map((b) => `#form-${b.id}`));
    for (const b of blocks) {
      if (b.type === "footer") {
        assert.doesNotMatch(b.props.text, /\.\./, starter.id);
        for (const link of b.props.links) assert.ok(forms.has(link.href), link.href);
      }
      if (b.type === "hero" && b.props.ctaHref.startsWith("#form-")) {
        assert.ok(forms.has(b.props.ctaHref), `${starter.id} hero → ${b.props.ctaHref}`);
      }
      // A lone quote sits in the left third of a three-column grid.
      if (b.type === "testimonials") assert.ok(b.props.items.length >= 2, starter.id);
    }
  }
});
