// FAQ: questions that open to show their answer (no script: <details>).
import * as z from "zod/mini";
import { defineBlock, list, or, text } from "./kit.tsx";

export default defineBlock({
  type: "faq",
  label: "FAQ",
  icon: "?",
  category: "content",
  schema: z.object({
    title: or(text(200), ""),
    items: or(list(z.object({ question: text(300), answer: text(2000) }), 50), []),
  }),
  defaults: () => ({
    title: "Frequently asked questions",
    items: [{ question: "How does it work?", answer: "Sign up, pick a plan, and you're ready." }],
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    {
      key: "items",
      label: "Questions",
      kind: "list",
      itemLabel: "Question",
      blank: { question: "New question?", answer: "The answer." },
      item: [
        { key: "question", label: "Question", kind: "text" },
        { key: "answer", label: "Answer", kind: "textarea" },
      ],
    },
  ],
  Render: ({ props: p }) => (
    <section class="lh-section">
      <div class="lh-wrap lh-narrow">
        {p.title && <h2>{p.title}</h2>}
        {p.items.map((item, i) => (
          <details class="lh-faq" key={i}>
            <summary>{item.question}</summary>
            <p>{item.answer}</p>
          </details>
        ))}
      </div>
    </section>
  ),
  css:
    `.lh-faq{border-bottom:1px solid color-mix(in srgb,var(--fg) 12%,transparent);padding:14px 0}.lh-faq summary{cursor:pointer;font-weight:600}`,
});
