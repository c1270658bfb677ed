// /admin/faqs: the FAQ the assistant answers from (admins only: see _middleware.ts).
import { type Context, Hono } from "hono";
import { Alert, DoneNotice, fieldAria, FieldError } from "../../components/Form.tsx";
import { deleteFaq, faqSchema, listFaqs, saveFaq } from "../../lib/chat/faqs.ts";
import {
  type AppEnv,
  type AppError,
  formAction,
  formBody,
  parseWith,
} from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";
import { AdminNav } from "../../components/AdminNav.tsx";

const app = new Hono<AppEnv>();

type FaqValues = Partial<Record<"question" | "answer" | "category" | "tags", string>>;

/** A refused post: which form (the new entry's, or entry `id`'s), what was typed, and why. */
interface Refused {
  id?: string;
  values: FaqValues;
  err: AppError;
}

function FaqFields(p: { values: FaqValues; errors?: Record<string, string>; prefix: string }) {
  const e = p.errors ?? {};
  // Ids are per form (several entries' forms share the page).
  const errName = (name: string) => `${p.prefix}-${name}`;
  return (
    <>
      <label class="block">
        <span class="sr-only">Question</span>
        <input
          class="input"
          name="question"
          value={p.values.question}
          placeholder="Question"
          required
          minLength={5}
          maxLength={300}
          {...fieldAria(errName("question"), e.question)}
        />
        <FieldError name={errName("question")} error={e.question} />
      </label>
      <label class="block">
        <span class="sr-only">Answer</span>
        <textarea
          class="input"
          name="answer"
          rows={3}
          required
          minLength={5}
          maxLength={4000}
          placeholder="Answer"
          {...fieldAria(errName("answer"), e.answer)}
        >
          {p.values.answer}
        </textarea>
        <FieldError name={errName("answer")} error={e.answer} />
      </label>
      <div class="flex gap-2">
        <input
          class="input"
          name="category"
          value={p.values.category ?? "general"}
          placeholder="Category"
          aria-label="Category"
          {...fieldAria(errName("category"), e.category)}
        />
        <input
          class="input"
          name="tags"
          value={p.values.tags}
          placeholder="tags, comma separated"
          aria-label="Tags"
          {...fieldAria(errName("tags"), e.tags)}
        />
      </div>
      <FieldError name={errName("category")} error={e.category} />
      <FieldError name={errName("tags")} error={e.tags} />
    </>
  );
}

async function faqsPage(c: Context<AppEnv>, refused?: Refused) {
  requireAdmin(c);
  const faqs = await listFaqs({ raw: true });
  const mine = (id?: string) => refused && refused.id === id ? refused : undefined;
  const problem = refused &&
    (refused.err.fields ? "Some fields need attention (see below)." : refused.err.message);
  return page(
    c,
    { title: "FAQ", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/faqs" />
        {problem && <Alert kind="error">{problem}</Alert>}
        {!refused && c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} />
        <form method="post" action="/admin/faqs" class="card space-y-2 p-4">
          <h2 class="font-semibold">New entry</h2>
          <FaqFields
            prefix="new"
            values={mine()?.values ?? {}}
            errors={mine()?.err.fields}
          />
          <button class="btn btn-primary" type="submit">Add</button>
        </form>
        {faqs.map((f) => (
          <details key={f.id} class="card p-4" open={!!mine(f.id)}>
            <summary class="cursor-pointer font-medium">
              {f.question} <span class="badge bg-slate-100">{f.category}</span>
            </summary>
            <form method="post" action={`/admin/faqs/${f.id}`} class="mt-3 space-y-2">
              <FaqFields
                prefix={f.id}
                values={mine(f.id)?.values ??
                  { ...f, tags: f.tags.join(", ") }}
                errors={mine(f.id)?.err.fields}
              />
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
}

app.get("/", (c) => faqsPage(c));

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
    rerender: (err) => faqsPage(c, { values: form, err }),
  });
});
app.post("/:id", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(
    c,
    "/admin/faqs",
    () => saveFaq(admin, faqFromForm(form), c.req.param("id")),
    {
      done: "faq_saved",
      // A missing entry stays a 404; other refusals show the form again with what was typed.
      rerender: (err) =>
        err.status === 404
          ? Promise.reject(err)
          : faqsPage(c, { id: c.req.param("id"), values: form, err }),
    },
  );
});
app.post("/:id/delete", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/faqs", () => deleteFaq(admin, c.req.param("id")), {
    done: "faq_deleted",
  });
});

export default app;
