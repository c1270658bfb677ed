// Testimonials: quotes with their author, role and an optional avatar.
import * as z from "zod/mini";
import { defineBlock, imageUrl, list, or, text } from "./kit.tsx";

export default defineBlock({
  type: "testimonials",
  label: "Testimonials",
  icon: "❝",
  category: "content",
  schema: z.object({
    title: or(text(200), ""),
    items: or(
      list(
        z.object({
          quote: text(1000),
          author: text(120),
          role: or(text(120), ""),
          avatar: or(imageUrl, ""),
        }),
        24,
      ),
      [],
    ),
  }),
  defaults: () => ({
    title: "What customers say",
    items: [{
      quote: "It paid for itself in a week.",
      author: "Jamie",
      role: "Founder",
      avatar: "",
    }],
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    {
      key: "items",
      label: "Quotes",
      kind: "list",
      itemLabel: "Quote",
      blank: { quote: "Great product!", author: "Customer", role: "", avatar: "" },
      item: [
        { key: "quote", label: "Quote", kind: "textarea" },
        { key: "author", label: "Author", kind: "text" },
        { key: "role", label: "Role", kind: "text" },
        { key: "avatar", label: "Avatar", kind: "image" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div class="lh-grid lh-cols-3">
          {p.items.map((t, i) => (
            <figure class="lh-card lh-quote" key={i}>
              <blockquote>“{t.quote}”</blockquote>
              <figcaption>
                {t.avatar && <img src={t.avatar} alt="" width={40} height={40} loading="lazy" />}
                <span>
                  <strong>{t.author}</strong>
                  {t.role && <small>{t.role}</small>}
                </span>
              </figcaption>
            </figure>
          ))}
        </div>
      </div>
    </section>
  ),
  css:
    `.lh-quote blockquote{margin:0 0 1em;font-style:italic}.lh-quote figcaption{display:flex;gap:10px;align-items:center}.lh-quote img{border-radius:50%}.lh-quote figcaption{opacity:1}.lh-quote small{display:block;opacity:.8}`,
});
