// /admin/faqs: the FAQ the assistant answers from (admins only: see _middleware.ts).
import { Hono } from "hono";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { deleteFaq, faqSchema, listFaqs, saveFaq } from "../../lib/chat/faqs.ts";
import { type AppEnv, formAction, formBody, parseWith } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";
import { AdminNav } from "../../components/AdminNav.tsx";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  requireAdmin(c);
  const faqs = await listFaqs({ raw: true });
  const FaqFields = (p: { faq?: (typeof faqs)[number] }) => (
    <>
      <input
        class="input"
        name="question"
        value={p.faq?.question}
        placeholder="Question"
        required
        minLength={5}
        maxLength={300}
      />
      <textarea
        class="input"
        name="answer"
        rows={3}
        required
        minLength={5}
        maxLength={4000}
        placeholder="Answer"
      >
        {p.faq?.answer}
      </textarea>
      <div class="flex gap-2">
        <input
          class="input"
          name="category"
          value={p.faq?.category ?? "general"}
          placeholder="Category"
        />
        <input
          class="input"
          name="tags"
          value={p.faq?.tags.join(", ")}
          placeholder="tags, comma separated"
        />
      </div>
    </>
  );
  return page(
    c,
    { title: "FAQ", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/faqs" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} />
        <form method="post" action="/admin/faqs" class="card space-y-2 p-4">
          <h2 class="font-semibold">New entry</h2>
          <FaqFields />
          <button class="btn btn-primary" type="submit">Add</button>
        </form>
        {faqs.map((f) => (
          <details key={f.id} class="card p-4">
            <summary class="cursor-pointer font-medium">
              {f.question} <span class="badge bg-slate-100">{f.category}</span>
            </summary>
            <form method="post" action={`/admin/faqs/${f.id}`} class="mt-3 space-y-2">
              <FaqFields faq={f} />
              <div class="flex gap-2">
                <button class="btn btn-primary" type="submit">Save</button>
                <button
                  class="btn btn-danger"
                  type="submit"
                  formaction={`/admin/faqs/${f.id}/delete`}
                >
                  Delete
                </button>
              </div>
            </form>
          </details>
        ))}
      </div>
    ),
  );
});

function faqFromForm(form: Record<string, string>) {
  return parseWith(faqSchema, {
    question: form.question,
    answer: form.answer,
    category: form.category || "general",
    tags: (form.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean),
  });
}

app.post("/", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(c, "/admin/faqs", () => saveFaq(admin, faqFromForm(form)), {
    done: "faq_added",
  });
});
app.post("/:id", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(
    c,
    "/admin/faqs",
    () => saveFaq(admin, faqFromForm(form), c.req.param("id")),
    { done: "faq_saved" },
  );
});
app.post("/:id/delete", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/faqs", () => deleteFaq(admin, c.req.param("id")), {
    done: "faq_deleted",
  });
});

export default app;
