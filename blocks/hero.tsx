// Hero: the page's headline, a lead sentence, one button and an optional image.
import * as z from "zod/mini";
import { defineBlock, href, imageUrl, Inline, or, text } from "./kit.tsx";

export default defineBlock({
  type: "hero",
  label: "Hero",
  icon: "★",
  category: "basics",
  schema: z.object({
    headline: text(200),
    subheadline: or(text(500), ""),
    ctaText: or(text(80), ""),
    ctaHref: or(href, "#"),
    image: or(imageUrl, ""),
    align: or(z.enum(["left", "center"]), "center"),
  }),
  defaults: () => ({
    headline: "Your big promise goes here",
    subheadline: "One sentence that explains who this is for and why it matters.",
    ctaText: "Get started",
    ctaHref: "#",
    image: "",
    align: "center" as const,
  }),
  fields: [
    { key: "headline", label: "Headline", kind: "text", inline: true },
    { key: "subheadline", label: "Subheadline", kind: "textarea", inline: true },
    { key: "ctaText", label: "Button text", kind: "text" },
    { key: "ctaHref", label: "Button link", kind: "url" },
    { key: "image", label: "Image", kind: "image" },
    { key: "align", label: "Alignment", kind: "select", options: ["center", "left"] },
  ],
  Render: ({ props: p }) => (
    <section class={`lh-hero lh-align-${p.align}`}>
      <div class="lh-wrap">
        <Inline as="h1" field="headline" placeholder="Headline" value={p.headline} />
        <Inline
          as="p"
          class="lh-lead"
          field="subheadline"
          placeholder="Subheadline"
          value={p.subheadline}
        />
        {p.ctaText && <a class="lh-btn" href={p.ctaHref || "#"}>{p.ctaText}</a>}
        {p.image && <img class="lh-hero-img" src={p.image} alt="" loading="lazy" />}
      </div>
    </section>
  ),
  css:
    `.lh-hero{padding:calc(var(--gap)*1.4) 0;background:linear-gradient(180deg,color-mix(in srgb,var(--p) 12%,var(--bg)),var(--bg))}.lh-align-center{text-align:center}.lh-align-left .lh-lead{text-align:left;margin-left:0}.lh-hero-img{margin:2.5em auto 0;border-radius:var(--r);box-shadow:0 20px 50px rgba(0,0,0,.12)}`,
});
