// Footer: a line of text and a row of links.
import * as z from "zod/mini";
import { defineBlock, href, list, or, text } from "./kit.tsx";

export default defineBlock({
  type: "footer",
  label: "Footer",
  icon: "▁",
  category: "basics",
  schema: z.object({
    text: or(text(500), ""),
    links: or(list(z.object({ label: text(80), href }), 20), []),
  }),
  defaults: () => ({ text: `© ${new Date().getFullYear()} Your company`, links: [] }),
  fields: [
    { key: "text", label: "Text", kind: "text" },
    {
      key: "links",
      label: "Links",
      kind: "list",
      itemLabel: "Link",
      blank: { label: "Link", href: "#" },
      item: [
        { key: "label", label: "Label", kind: "text" },
        { key: "href", label: "Link", kind: "url" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <footer class="lh-footer">
      <div class="lh-wrap">
        {p.text && <p>{p.text}</p>}
        {p.links.length > 0 && (
          <nav>{p.links.map((l, i) => <a key={i} href={l.href}>{l.label}</a>)}</nav>
        )}
      </div>
    </footer>
  ),
  css:
    `.lh-footer{padding:32px 0;border-top:1px solid color-mix(in srgb,var(--fg) 12%,transparent);font-size:.9rem;text-align:center}.lh-footer nav{display:flex;gap:16px;justify-content:center;flex-wrap:wrap}`,
});
