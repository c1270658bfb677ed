// Features: a grid of cards, each an icon, a title and a sentence.
import * as z from "zod/mini";
import { defineBlock, list, or, text } from "./kit.tsx";

export default defineBlock({
  type: "features",
  label: "Features",
  icon: "▦",
  category: "content",
  schema: z.object({
    title: or(text(200), ""),
    subtitle: or(text(500), ""),
    items: or(
      list(
        z.object({
          icon: or(text(8), ""),
          title: text(120),
          text: or(text(600), ""),
        }),
        24,
      ),
      [],
    ),
    columns: or(z.int().check(z.minimum(1), z.maximum(4)), 3),
  }),
  defaults: () => ({
    title: "Why people choose us",
    subtitle: "",
    columns: 3,
    items: [
      { icon: "⚡", title: "Fast", text: "Set up in minutes." },
      { icon: "🔒", title: "Secure", text: "Your data stays yours." },
      { icon: "💬", title: "Supported", text: "Real people, real answers." },
    ],
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    { key: "subtitle", label: "Subtitle", kind: "textarea" },
    { key: "columns", label: "Columns", kind: "number", min: 1, max: 4 },
    {
      key: "items",
      label: "Features",
      kind: "list",
      itemLabel: "Feature",
      blank: { icon: "✨", title: "New feature", text: "" },
      item: [
        { key: "icon", label: "Icon (emoji)", kind: "text" },
        { key: "title", label: "Title", kind: "text" },
        { key: "text", label: "Text", kind: "textarea" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        {p.subtitle && <p class="lh-sub">{p.subtitle}</p>}
        <div class={`lh-grid lh-cols-${p.columns}`}>
          {p.items.map((item, i) => (
            <div class="lh-card" key={i}>
              {item.icon && <div class="lh-icon">{item.icon}</div>}
              <h3>{item.title}</h3>
              {item.text && <p>{item.text}</p>}
            </div>
          ))}
        </div>
      </div>
    </section>
  ),
  css: `.lh-icon{font-size:1.8rem;margin-bottom:.4em}`,
});
