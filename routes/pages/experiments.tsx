// /pages/:id/experiments: a page's A/B experiments (signed in: see _middleware.ts). Creating one
// (variants and weights), start/stop and promote are plain form posts; the results update live
// (islands/ExperimentResults.tsx); each variant opens in the page editor, which saves to the
// variant (islands/editor/api.ts picks the URL from the editor's address).
import { Hono } from "hono";
import type { Context } from "hono";
import {
  type AppEnv,
  AppError,
  describeError,
  formAction,
  formBody,
} from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import {
  createExperiment,
  createExperimentSchema,
  EXPERIMENT_MODES,
  experimentView,
  getExperiment,
  listExperiments,
  promoteVariant,
  refreshPage,
  startExperiment,
  stopExperiment,
} from "../../lib/experiments/index.ts";
import { getOwnPage, toView } from "../../lib/pages/index.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";
import { Island } from "../../components/Island.tsx";
import ExperimentResults from "../../islands/ExperimentResults.tsx";
import PageEditor from "../../islands/PageEditor.tsx";
import { scopedSiteCss } from "../../lib/site-css.ts";
import { type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";

const translate = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) =>
  tr(locale, key, params);
const EXP_WORDS: Record<string, MessageKey> = {
  split: "seller.exp.modeSplit",
  bandit: "seller.exp.modeBandit",
  draft: "seller.exp.statusDraft",
  running: "seller.exp.statusRunning",
  stopped: "seller.exp.statusStopped",
  promoted: "seller.exp.statusPromoted",
};

const app = new Hono<AppEnv>();

/** Rows of the create form: a control and up to three challengers (empty rows are skipped). */
const ROWS = 4;

app.get("/:id/experiments", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const items = await listExperiments(user.id, own.id);
  const error = c.req.query("error");
  const t = translate(c.get("locale"));
  const word = (w: string) => EXP_WORDS[w] ? t(EXP_WORDS[w]) : w;
  return page(
    c,
    { title: t("seller.exp.title", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <nav class="flex gap-3 text-sm" aria-label={t("seller.common.back")}>
            <a href={`/pages/${own.id}/edit`} class="text-brand-600">
              {t("seller.common.backEditor")}
            </a>
            <a href={`/pages/${own.id}/leads`} class="text-slate-500 hover:text-slate-800">
              {t("seller.common.leads")}
            </a>
          </nav>
          <h1 class="text-2xl font-semibold">{t("seller.exp.title", { name: own.name })}</h1>
          <p class="text-sm text-slate-500">{t("seller.exp.lead")}</p>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        {own.status !== "published" && <Alert kind="info">{t("seller.exp.publishFirst")}</Alert>}
        {items.length > 0 && (
          <ul class="card divide-y divide-slate-100" data-testid="experiment-list">
            {items.map((e) => (
              <li key={e.id} class="flex items-center justify-between px-4 py-3">
                <a
                  class="text-brand-600 hover:underline"
                  href={`/pages/${own.id}/experiments/${e.id}`}
                >
                  {e.name}
                </a>
                <span class="text-sm text-slate-500">
                  {t("seller.exp.summary", {
                    count: e.variants.length,
                    mode: word(e.mode),
                    status: word(e.status),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
        <form
          method="post"
          action={`/pages/${own.id}/experiments`}
          class="card space-y-4 p-5"
          data-testid="new-experiment"
        >
          <h2 class="text-lg font-semibold">{t("seller.exp.new")}</h2>
          <label class="block max-w-md">
            <span class="label">{t("seller.exp.name")}</span>
            <input
              class="input"
              name="name"
              required
              maxLength={120}
              placeholder={t("seller.exp.namePlaceholder")}
            />
          </label>
          <fieldset>
            <legend class="label">{t("seller.exp.traffic")}</legend>
            <label class="mr-4">
              <input type="radio" name="mode" value="split" checked /> {t("seller.exp.split")}
            </label>
            <label>
              <input type="radio" name="mode" value="bandit" /> {t("seller.exp.bandit")}
            </label>
          </fieldset>
          <fieldset class="space-y-2">
            <legend class="label">{t("seller.exp.variants")}</legend>
            {Array.from({ length: ROWS }, (_, i) => (
              <div key={i} class="flex gap-2">
                <input
                  class="input"
                  name={`variant_name_${i}`}
                  aria-label={t("seller.exp.variantName", { n: String(i + 1) })}
                  maxLength={80}
                  value={i === 0
                    ? t("seller.exp.control")
                    : i === 1
                    ? t("seller.exp.variantLetter", { letter: "B" })
                    : ""}
                  placeholder={i === 0
                    ? t("seller.exp.control")
                    : t("seller.exp.variantLetter", { letter: String.fromCharCode(65 + i) })}
                />
                <input
                  class="input w-28"
                  name={`variant_weight_${i}`}
                  aria-label={t("seller.exp.variantWeight", { n: String(i + 1) })}
                  type="number"
                  min={0}
                  max={100}
                  value={i < 2 ? "50" : "0"}
                />
              </div>
            ))}
          </fieldset>
          <button class="btn btn-primary" type="submit">{t("seller.exp.create")}</button>
        </form>
      </div>
    ),
  );
});

app.post("/:id/experiments", async (c) => {
  const user = requireUser(c);
  const pageId = c.req.param("id");
  const form = await formBody(c);
  const variants = Array.from({ length: ROWS }, (_, i) => ({
    name: (form[`variant_name_${i}`] ?? "").trim(),
    weight: Number(form[`variant_weight_${i}`] || 0),
  })).filter((v) => v.name);
  try {
    const input = createExperimentSchema.safeParse({
      name: form.name ?? "",
      mode: EXPERIMENT_MODES.find((m) => m === form.mode) ?? "split",
      variants,
    });
    if (!input.success) {
      throw AppError.inLanguage(422, "invalid", tr(c.get("locale"), "seller.exp.invalid"));
    }
    const exp = await createExperiment(user.id, pageId, input.data);
    return c.redirect(`/pages/${pageId}/experiments/${exp.id}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    return c.redirect(
      `/pages/${pageId}/experiments?error=${encodeURIComponent(describeError(err))}`,
      303,
    );
  }
});

app.get("/:id/experiments/:eid", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const exp = await getExperiment(user.id, own.id, c.req.param("eid"));
  const view = await experimentView(exp);
  const base = `/pages/${own.id}/experiments/${exp.id}`;
  const error = c.req.query("error");
  const ended = exp.status === "promoted";
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.exp.detailTitle", { name: exp.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div class="flex flex-wrap items-center justify-between gap-4">
          <div>
            <a href={`/pages/${own.id}/experiments`} class="text-sm text-brand-600">
              {t("seller.exp.backList", { name: own.name })}
            </a>
            <h1 class="text-2xl font-semibold">{exp.name}</h1>
          </div>
          <div class="flex gap-2">
            {(exp.status === "draft" || exp.status === "stopped") && (
              <form method="post" action={`${base}/start`}>
                <button class="btn btn-primary" type="submit" data-testid="start">
                  {t("seller.exp.start")}
                </button>
              </form>
            )}
            {exp.status === "running" && (
              <form method="post" action={`${base}/stop`}>
                <button class="btn btn-secondary" type="submit" data-testid="stop">
                  {t("seller.exp.stop")}
                </button>
              </form>
            )}
          </div>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        <Island
          c={ExperimentResults}
          props={{ pageId: own.id, experimentId: exp.id, initial: view }}
        />
        <ul class="card divide-y divide-slate-100">
          {exp.variants.map((v) => (
            <li key={v.id} class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span class="font-medium">{v.name}</span>
              <div class="flex gap-2">
                {!ended && (
                  <a
                    class="btn btn-secondary"
                    href={`${base}/variants/${v.id}/edit`}
                    data-testid={`edit-${v.name}`}
                  >
                    {t("seller.exp.editContent")}
                  </a>
                )}
                {!ended && (
                  <form method="post" action={`${base}/promote`}>
                    <input type="hidden" name="variantId" value={v.id} />
                    <button
                      class="btn btn-secondary"
                      type="submit"
                      data-testid={`promote-${v.name}`}
                    >
                      {t("seller.exp.promote")}
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      </div>
    ),
  );
});

const back = (c: Context<AppEnv>) =>
  `/pages/${c.req.param("id")}/experiments/${c.req.param("eid")}`;

app.post("/:id/experiments/:eid/start", async (c) => {
  const { id, eid } = c.req.param();
  return await formAction(c, back(c), async () => {
    await startExperiment(requireUser(c).id, id, eid);
    await refreshPage(id);
  });
});

app.post("/:id/experiments/:eid/stop", async (c) => {
  const { id, eid } = c.req.param();
  return await formAction(c, back(c), async () => {
    await stopExperiment(requireUser(c).id, id, eid);
    await refreshPage(id);
  });
});

app.post("/:id/experiments/:eid/promote", async (c) => {
  const { id, eid } = c.req.param();
  const { variantId = "" } = await formBody(c);
  return await formAction(c, back(c), async () => {
    await promoteVariant(requireUser(c).id, id, eid, variantId);
    await refreshPage(id);
  });
});

/**
 * A variant in the page editor: the same editor, given the variant's content and version; its
 * saves go to the variant (islands/editor/api.ts reads this address).
 */
app.get("/:id/experiments/:eid/variants/:vid/edit", async (c) => {
  const user = requireUser(c);
  const own = toView(await getOwnPage(user.id, c.req.param("id")));
  const exp = await getExperiment(user.id, own.id, c.req.param("eid"));
  const variant = exp.variants.find((v) => v.id === c.req.param("vid"));
  const t = translate(c.get("locale"));
  if (!variant) throw AppError.inLanguage(404, "not_found", t("seller.exp.notFound"));
  const editorPage = {
    id: own.id,
    name: `${own.name} · ${variant.name}`,
    slug: own.slug,
    status: own.status,
    url: own.url,
    version: variant.version,
    content: variant.content,
    seo: own.seo,
  };
  return page(
    c,
    { title: t("seller.exp.editTitle", { variant: variant.name, name: exp.name }), bare: true },
    (
      <main>
        <div
          class="flex items-center justify-between border-b border-amber-300 bg-amber-50 px-4 py-1 text-sm text-amber-900"
          data-testid="variant-banner"
        >
          <span>
            {t("seller.exp.editing")} <strong>{variant.name}</strong>{" "}
            {t("seller.exp.editingOf", { name: exp.name })}
          </span>
          <a class="text-brand-600" href={`/pages/${own.id}/experiments/${exp.id}`}>
            {t("seller.exp.backExp")}
          </a>
        </div>
        <style dangerouslySetInnerHTML={{ __html: scopedSiteCss(".lh-canvas") }} />
        <Island c={PageEditor} props={{ page: editorPage }} />
      </main>
    ),
  );
});

export default app;
