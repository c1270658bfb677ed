// Image: one picture, narrow, wide or full width, with an optional caption.
import * as z from "zod/mini";
import { defineBlock, imageUrl, or, placeholderImage, text } from "./kit.tsx";

export default defineBlock({
  type: "image",
  label: "Image",
  icon: "▣",
  category: "media",
  schema: z.object({
    src: imageUrl,
    alt: or(text(300), ""),
    caption: or(text(300), ""),
    width: or(z.enum(["narrow", "wide", "full"]), "wide"),
  }),
  defaults: (ctx) => ({ src: placeholderImage(ctx), alt: "", caption: "", width: "wide" as const }),
  fields: [
    { key: "src", label: "Image", kind: "image" },
    { key: "alt", label: "Alt text", kind: "text" },
    { key: "caption", label: "Caption", kind: "text" },
    { key: "width", label: "Width", kind: "select", options: ["narrow", "wide", "full"] },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section">
      <figure class={`lh-wrap lh-img-${p.width}`}>
        <img src={p.src} alt={p.alt} loading="lazy" />
        {p.caption && <figcaption>{p.caption}</figcaption>}
      </figure>
    </section>
  ),
  css: `.lh-img-narrow{max-width:640px}.lh-img-full{max-width:none;padding:0}`,
});
