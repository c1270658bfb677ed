// Gallery: a grid of pictures cropped to 4:3.
import * as z from "zod/mini";
import { defineBlock, imageUrl, list, or, placeholderImage, text } from "./kit.tsx";

export default defineBlock({
  type: "gallery",
  label: "Gallery",
  icon: "▤",
  category: "media",
  schema: z.object({
    title: or(text(200), ""),
    images: or(list(z.object({ src: imageUrl, alt: or(text(300), "") }), 24), []),
  }),
  defaults: (ctx) => ({
    title: "Gallery",
    images: [{ src: placeholderImage(ctx), alt: "" }, { src: placeholderImage(ctx), alt: "" }],
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    {
      key: "images",
      label: "Images",
      kind: "list",
      itemLabel: "Image",
      blank: (ctx) => ({ src: placeholderImage(ctx), alt: "" }),
      item: [
        { key: "src", label: "Image", kind: "image" },
        { key: "alt", label: "Alt text", kind: "text" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div class="lh-gallery">
          {p.images.map((img, i) => <img key={i} src={img.src} alt={img.alt} loading="lazy" />)}
        </div>
      </div>
    </section>
  ),
  css:
    `.lh-gallery{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}.lh-gallery img{border-radius:var(--r);aspect-ratio:4/3;object-fit:cover;width:100%}`,
});
