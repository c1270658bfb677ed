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
import { AdminNav, type AdminT, adminTextOf } from "../../components/AdminNav.tsx";

const app = new Hono<AppEnv>();

type FaqValues = Partial<Record<"question" | "answer" | "category" | "tags", string>>;

/** A refused post: which form (the new entry's, or entry `id`'s), what was typed, and why. */
interface Refused {
  id?: string;
  values: FaqValues;
  err: AppError;
}

function FaqFields(
  p: { values: FaqValues; errors?: Record<string, string>; prefix: string; t: AdminT },
) {
  const { t } = p;
  const e = p.errors ?? {};
  // Ids are per form (several entries' forms share the page).
  const errName = (name: string) => `${p.prefix}-${name}`;
  return (
    <>
      <label class="block">
        <span class="sr-only">{t("admin.faqs.question")}</span>
        <input
          class="input"
          name="question"
          value={p.values.question}
          placeholder={t("admin.faqs.question")}
          required
          minLength={5}
          maxLength={300}
          {...fieldAria(errName("question"), e.question)}
        />
        <FieldError name={errName("question")} error={e.question} />
      </label>
      <label class="block">
        <span class="sr-only">{t("admin.faqs.answer")}</span>
        <textarea
          class="input"
          name="answer"
          rows={3}
          required
          minLength={5}
          maxLength={4000}
          placeholder={t("admin.faqs.answer")}
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
          placeholder={t("admin.faqs.category")}
          aria-label={t("admin.faqs.category")}
          {...fieldAria(errName("category"), e.category)}
        />
        <input
          class="input"
          name="tags"
          value={p.values.tags}
          placeholder={t("admin.common.tagsPlaceholder")}
          aria-label={t("admin.common.tags")}
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
  const { t, done } = adminTextOf(c);
  const problem = refused &&
    (refused.err.fields ? t("admin.faqs.problem") : refused.err.message);
  return page(
    c,
    { title: t("admin.nav.faqs"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/faqs" />
        {problem && <Alert kind="error">{problem}</Alert>}
        {!refused && c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} messages={done} />
        <form method="post" action="/admin/faqs" class="card space-y-2 p-4">
          <h2 class="font-semibold">{t("admin.faqs.new")}</h2>
          <FaqFields
            t={t}
            prefix="new"
            values={mine()?.values ?? {}}
            errors={mine()?.err.fields}
          />
          <button class="btn btn-primary" type="submit">{t("admin.faqs.add")}</button>
        </form>
        {faqs.length === 0 && <p class="text-slate-500">{t("admin.faqs.empty")}</p>}
        {faqs.map((f) => (
          <details key={f.id} class="card p-4" open={!!mine(f.id)}>
            <summary class="cursor-pointer font-medium">
              {f.question} <span class="badge bg-slate-100">{f.category}</span>
            </summary>
            <form method="post" action={`/admin/faqs/${f.id}`} class="mt-3 space-y-2">
              <FaqFields
                t={t}
                prefix={f.id}
                values={mine(f.id)?.values ??
                  { ...f, tags: f.tags.join(", ") }}
                errors={mine(f.id)?.err.fields}
              />
              <div class="flex gap-2">
                <button class="btn btn-primary" type="submit">{t("admin.common.save")}</button>
                <button
                  class="btn btn-danger"
                  type="submit"
                  formaction={`/admin/faqs/${f.id}/delete`}
                >
                  {t("admin.common.delete")}
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
