// Custom HTML. The server sanitises it before a page is published (lib/sites), so the published
// render inserts it as is; the editor canvas shows it in a sandbox with no script permission.
import * as z from "zod/mini";
import { defineBlock, text, useEdit } from "./kit.tsx";

export default defineBlock({
  type: "html",
  label: "Custom HTML",
  icon: "</>",
  category: "content",
  schema: z.object({ html: text(20000) }),
  defaults: () => ({ html: "<p>Your <strong>custom</strong> HTML.</p>" }),
  fields: [{
    key: "html",
    label: "HTML (scripts and event handlers are removed)",
    kind: "textarea",
  }],
  Render: ({ props: p }) => {
    const editing = useEdit() !== null;
    return (
      <section class="lh-section">
        {editing
          ? (
            <div class="lh-wrap">
              <iframe
                sandbox=""
                title="Custom HTML preview"
                srcdoc={p.html}
                style="width:100%;height:10rem;border:0;background:#fff"
              />
            </div>
          )
          : <div class="lh-wrap lh-html" dangerouslySetInnerHTML={{ __html: p.html }} />}
      </section>
    );
  },
  css: `.lh-html{overflow-wrap:anywhere}`,
});
