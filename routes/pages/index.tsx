// /pages/*: the user's pages, creating pages (blank, starter, description), page actions as
// plain form posts, the editor, the owner's preview and the leads table (signed in: see
// _middleware.ts).
import { Hono } from "hono";
import { type AppEnv, formBody } from "../../lib/http/index.ts";
import { DoneNotice } from "../../components/Form.tsx";
import { LEAD_STATUSES, listLeads, updateLead } from "../../lib/leads/index.ts";
import { type LeadSource, sourceName } from "../../lib/analytics/index.ts";
import {
  clonePage,
  createPage,
  deletePage,
  getOwnPage,
  listOwnPages,
  toView,
} from "../../lib/pages/index.ts";
import { page } from "../../components/render.tsx";
import { requireUser } from "../../lib/http/session.ts";
import {
  publishPage,
  renderSiteHtml,
  SITE_CSP,
  siteHeaders,
  unpublishPage,
} from "../../lib/sites/index.tsx";
import { config } from "../../lib/config.ts";
import { generateContent, starterContent, STARTERS } from "../../lib/pages/starters.ts";
import { PageCard } from "../../components/PageCard.tsx";
import { Island } from "../../components/Island.tsx";
import PageEditor from "../../islands/PageEditor.tsx";
import { scopedSiteCss } from "../../lib/site-css.ts";
import { type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";
import { momentIn } from "../../components/seller-format.ts";

/** The seller area's translator in `locale`. */
const translate = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) =>
  tr(locale, key, params);

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const { items } = await listOwnPages(user.id, { limit: 100 });
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.pages.title"), active: "/pages" },
    (
      <div class="space-y-10">
        <section id="new" class="space-y-4">
          <h1 class="text-2xl font-semibold">{t("seller.pages.create")}</h1>
          <form method="post" action="/pages/new" class="card space-y-4 p-5">
            <label class="block max-w-md">
              <span class="label">{t("seller.pages.name")}</span>
              <input
                class="input"
                name="name"
                required
                maxLength={120}
                placeholder={t("seller.pages.namePlaceholder")}
              />
            </label>
            <fieldset>
              <legend class="label">{t("seller.pages.startFrom")}</legend>
              <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {STARTERS.map((s, i) => (
                  <label
                    key={s.id}
                    class="card flex cursor-pointer gap-3 p-3 has-[:checked]:border-brand-500 has-[:checked]:ring-2 has-[:checked]:ring-brand-100"
                  >
                    <input
                      type="radio"
                      name="templateId"
                      value={s.id}
                      checked={i === 1}
                      class="mt-1"
                    />
                    <span>
                      <span class="block font-medium">
                        {t(`seller.starter.${s.id}.name` as MessageKey)}
                      </span>
                      <span class="block text-xs text-slate-500">
                        {t(`seller.starter.${s.id}.desc` as MessageKey)}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            <button class="btn btn-primary" type="submit" data-testid="create-from-starter">
              {t("seller.pages.createButton")}
            </button>
          </form>
          <form method="post" action="/pages/generate" class="card space-y-3 p-5">
            <label class="block">
              <span class="label">{t("seller.pages.describe")}</span>
              <textarea
                class="input"
                name="description"
                rows={3}
                required
                minLength={10}
                maxLength={2000}
                placeholder={t("seller.pages.describePlaceholder")}
              />
            </label>
            <button class="btn btn-secondary" type="submit">{t("seller.pages.generate")}</button>
          </form>
        </section>
        <section class="space-y-4">
          <h2 class="text-lg font-semibold">{t("seller.dash.yourPages")}</h2>
          <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((p) => <PageCard key={p.id} page={toView(p)} />)}
          </div>
        </section>
      </div>
    ),
  );
});

app.post("/new", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const name = (form.name ?? "").trim().slice(0, 120) ||
    tr(c.get("locale"), "seller.pages.untitled");
  const created = await createPage(user.id, {
    name,
    content: starterContent(form.templateId || "blank", c.get("locale")),
  });
  return c.redirect(`/pages/${created.id}/edit`, 303);
});

app.post("/generate", async (c) => {
  const user = requireUser(c);
  const description = ((await formBody(c)).description ?? "").trim().slice(0, 2000);
  const { content, name } = await generateContent(description || "A landing page");
  const created = await createPage(user.id, { name, content });
  return c.redirect(`/pages/${created.id}/edit`, 303);
});

app.post("/:id/publish", async (c) => {
  await publishPage(requireUser(c).id, c.req.param("id"));
  return c.redirect("/dashboard?done=published", 303);
});

app.post("/:id/unpublish", async (c) => {
  await unpublishPage(requireUser(c).id, c.req.param("id"));
  return c.redirect("/dashboard?done=unpublished", 303);
});

app.post("/:id/duplicate", async (c) => {
  const user = requireUser(c);
  await clonePage(await getOwnPage(user.id, c.req.param("id")), user.id);
  return c.redirect("/dashboard?done=duplicated", 303);
});

app.post("/:id/delete", async (c) => {
  await deletePage(requireUser(c).id, c.req.param("id"));
  return c.redirect("/dashboard?done=deleted", 303);
});

app.get("/:id/edit", async (c) => {
  const own = toView(await getOwnPage(requireUser(c).id, c.req.param("id")));
  const t = translate(c.get("locale"));
  const editorPage = {
    id: own.id,
    name: own.name,
    slug: own.slug,
    status: own.status,
    url: own.url,
    version: own.version,
    content: own.content,
    seo: own.seo,
    updatedAt: own.updatedAt,
    publishedAt: own.publishedAt,
  };
  // The editor is a full-screen workspace with its own toolbar (a way back, Help), so the app
  // header and the floating support chat, which would cover its panels, are left out. Its three
  // columns need a tablet's width: a phone gets a way to see the page instead.
  return page(
    c,
    { title: t("seller.edit.title", { name: own.name }), bare: true },
    (
      <main>
        <section
          class="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6 md:hidden"
          data-testid="editor-too-narrow"
        >
          <p class="text-sm text-slate-500">{own.name}</p>
          <h1 class="text-xl font-semibold">{t("seller.edit.narrowTitle")}</h1>
          <p class="text-slate-600">{t("seller.edit.narrowText")}</p>
          <div class="flex flex-col gap-2">
            <a class="btn btn-primary" href={`/pages/${own.id}/preview`}>
              {t("seller.edit.preview")}
            </a>
            {own.url && (
              <a class="btn btn-secondary" href={own.url} target="_blank" rel="noopener">
                {t("seller.edit.openLive")}
              </a>
            )}
            <a class="btn btn-secondary" href={`/pages/${own.id}/leads`}>
              {t("seller.common.leads")}
            </a>
            <a class="btn btn-secondary" href={`/pages/${own.id}/analytics`}>
              {t("seller.common.analytics")}
            </a>
            <a class="btn btn-secondary" href={`/pages/${own.id}/domains`}>
              {t("seller.common.customDomains")}
            </a>
            <a class="btn btn-secondary" href="/dashboard">{t("seller.common.backDashboard")}</a>
          </div>
        </section>
        <div class="hidden md:block" data-testid="editor">
          <style dangerouslySetInnerHTML={{ __html: EDITOR_CANVAS_CSS }} />
          <Island c={PageEditor} props={{ page: editorPage }} />
        </div>
      </main>
    ),
  );
});

const EDITOR_CANVAS_CSS = scopedSiteCss(".lh-canvas");

/**
 * The owner's preview: the page as it would be published, under the published pages' CSP, except
 * that only the app (the editor's preview frame) may frame it: a draft is its owner's to see.
 */
app.get("/:id/preview", async (c) => {
  const own = await getOwnPage(requireUser(c).id, c.req.param("id"));
  return new Response(renderSiteHtml(own), {
    headers: siteHeaders({
      "cache-control": "no-store",
      "x-robots-tag": "noindex",
      "content-security-policy": previewCsp(),
      "x-frame-options": "SAMEORIGIN",
    }),
  });
});

const previewCsp = () =>
  SITE_CSP.replace(/frame-ancestors [^;]*/, `frame-ancestors 'self' ${config().appOrigin}`);

app.get("/:id/leads", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const locale = c.get("locale");
  const t = translate(locale);
  const statusName = (s: string) => t(`seller.leadStatus.${s}` as MessageKey);
  const q = c.req.query("q") ?? "";
  const status = c.req.query("status") ?? "";
  const { items, cursor } = await listLeads(user.id, own.id, {
    q,
    status,
    limit: "100",
    cursor: c.req.query("cursor"),
  });
  // The page's form fields, in order and by their labels; then any other keys older leads have.
  const labels = new Map<string, string>();
  for (const b of own.content.blocks) {
    if (b.type !== "form") continue;
    for (const f of b.props.fields) if (!labels.has(f.name)) labels.set(f.name, f.label);
  }
  const columns = [...new Set([...labels.keys(), ...items.flatMap((l) => Object.keys(l.data))])];
  const heading = (key: string) =>
    labels.get(key) || (key.charAt(0).toUpperCase() + key.slice(1)).replace(/_/g, " ");
  return page(
    c,
    { title: t("seller.leads.title", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div class="flex flex-wrap items-center justify-between gap-4">
          <div>
            <nav class="flex gap-3 text-sm" aria-label={t("seller.common.back")}>
              <a href={`/pages/${own.id}/edit`} class="text-brand-600" data-testid="back-to-editor">
                {t("seller.common.backEditor")}
              </a>
              <a href="/dashboard" class="text-slate-500 hover:text-slate-800">
                {t("seller.common.dashboard")}
              </a>
              <a href={`/pages/${own.id}/domains`} class="text-slate-500 hover:text-slate-800">
                {t("seller.common.customDomains")}
              </a>
              <a href={`/pages/${own.id}/analytics`} class="text-slate-500 hover:text-slate-800">
                {t("seller.common.analytics")}
              </a>
            </nav>
            <h1 class="text-2xl font-semibold">{t("seller.leads.title", { name: own.name })}</h1>
            <p class="text-sm text-slate-500">
              {t("seller.leads.total", { count: String(own.leadCount) })}
            </p>
          </div>
          <DoneNotice done={c.req.query("done")} />
          <div class="flex gap-2">
            <a class="btn btn-secondary" href={`/pages/${own.id}/integrations`}>
              {t("seller.leads.webhooks")}
            </a>
            <a class="btn btn-secondary" href={`/pages/${own.id}/experiments`}>
              {t("seller.leads.experiments")}
            </a>
            <a
              class="btn btn-secondary"
              href={`/api/pages/${own.id}/leads.csv`}
              data-testid="export-csv"
            >
              {t("seller.leads.exportCsv")}
            </a>
          </div>
        </div>
        <form method="get" class="flex flex-wrap gap-2">
          <input
            class="input max-w-xs"
            name="q"
            value={q}
            placeholder={t("seller.leads.search")}
            aria-label={t("seller.leads.search")}
          />
          <select class="input max-w-40" name="status" aria-label={t("seller.leads.status")}>
            <option value="">{t("seller.leads.allStatuses")}</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s} selected={s === status}>{statusName(s)}</option>
            ))}
          </select>
          <button class="btn btn-secondary" type="submit">{t("seller.leads.filter")}</button>
        </form>
        {items.length === 0
          ? <p class="text-slate-600">{t("seller.leads.empty")}</p>
          : (
            <div class="card overflow-x-auto">
              <table class="w-full text-left text-sm">
                <thead class="border-b border-slate-200 bg-slate-50 text-slate-600">
                  <tr>
                    <th class="px-3 py-2">{t("seller.leads.submitted")}</th>
                    {columns.map((col) => (
                      <th key={col} class="px-3 py-2" data-field={col}>{heading(col)}</th>
                    ))}
                    <th class="px-3 py-2">{t("seller.leads.source")}</th>
                    <th class="px-3 py-2">{t("seller.leads.variant")}</th>
                    <th class="px-3 py-2">{t("seller.leads.statusTags")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((l) => (
                    <tr key={l.id} class="border-b border-slate-100 align-top">
                      <td class="whitespace-nowrap px-3 py-2 text-slate-500">
                        {momentIn(l.submittedAt, locale)}
                      </td>
                      {columns.map((col) => (
                        <td key={col} class="px-3 py-2">{l.data[col] ?? ""}</td>
                      ))}
                      <td class="px-3 py-2" data-testid="lead-source">
                        <LeadSourceCell source={l.source} direct={t("seller.leads.direct")} />
                      </td>
                      <td class="px-3 py-2 font-mono text-xs" data-testid="lead-variant">
                        {l.source?.variantId ?? "—"}
                      </td>
                      <td class="px-3 py-2">
                        <form
                          method="post"
                          action={`/pages/${own.id}/leads/${l.id}`}
                          class="flex gap-2"
                        >
                          <select
                            class="input !py-1"
                            name="status"
                            aria-label={t("seller.leads.leadStatus")}
                          >
                            {LEAD_STATUSES.map((s) => (
                              <option key={s} value={s} selected={s === l.status}>
                                {statusName(s)}
                              </option>
                            ))}
                          </select>
                          <input
                            class="input !py-1"
                            name="tags"
                            value={l.tags.join(", ")}
                            placeholder={t("seller.leads.tags")}
                          />
                          <button class="btn btn-secondary !py-1" type="submit">
                            {t("seller.common.save")}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        {cursor && (
          <a
            class="btn btn-secondary"
            href={`?q=${encodeURIComponent(q)}&status=${status}&cursor=${cursor}`}
          >
            {t("seller.common.more")}
          </a>
        )}
      </div>
    ),
  );
});

/** Where a lead came from: the source, then the campaign and medium when there are any. */
function LeadSourceCell({ source, direct }: { source?: LeadSource; direct: string }) {
  if (!source) return <span class="text-slate-400">—</span>;
  const detail = [source.utmCampaign, source.utmMedium].filter(Boolean).join(" · ");
  return (
    <span>
      {source.utmSource || source.referrer ? sourceName(source.utmSource, source.referrer) : direct}
      {detail && <span class="block text-xs text-slate-500">{detail}</span>}
    </span>
  );
}

app.post("/:id/leads/:leadId", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const status = LEAD_STATUSES.find((s) => s === form.status);
  const tags = (form.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean).slice(0, 20).map((
    t,
  ) => t.slice(0, 40));
  await updateLead(user.id, c.req.param("id"), c.req.param("leadId"), { status, tags });
  return c.redirect(`/pages/${c.req.param("id")}/leads?done=lead_saved`, 303);
});

export default app;
