// /campaigns: the owner's email campaigns as plain forms (signed in): a list with counts, a new
// campaign, and each campaign's page: edit (while a draft), the audience it reaches, a preview of
// the email (rendered in a sandboxed frame), a test send to oneself, and Send.
import { Hono } from "hono";
import type { Context } from "hono";
import {
  type AppEnv,
  AppError,
  describeError,
  formAction,
  formBody,
} from "../../lib/http/index.ts";
import {
  type AudienceFilter,
  type CampaignInput,
  countAudience,
  createCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  sendCampaign,
  testSendCampaign,
  updateCampaign,
} from "../../lib/campaigns/index.ts";
import { listOwnPages } from "../../lib/pages/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";
import { type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
const translate = (locale: Locale): T => (key, params) => tr(locale, key, params);
const STATUS: Record<string, MessageKey> = {
  draft: "seller.camp.statusDraft",
  sending: "seller.camp.statusSending",
  sent: "seller.camp.statusSent",
};
const statusIn = (t: T, s: string) => STATUS[s] ? t(STATUS[s]) : s;
/** The confirmations this router redirects with (`?done=`), in the page's language. */
const DONE: Record<string, MessageKey> = {
  "Test sent to your address": "seller.camp.testSent",
  "Sending; the counts update as it goes": "seller.camp.sending",
};

const app = new Hono<AppEnv>();

function inputOf(form: Record<string, string>): CampaignInput {
  const filter: AudienceFilter = {};
  if (form.pageId) filter.pageId = form.pageId.slice(0, 40);
  if (["new", "contacted", "won", "lost"].includes(form.status)) {
    filter.status = form.status as AudienceFilter["status"];
  }
  if (form.tag?.trim()) filter.tag = form.tag.trim().slice(0, 40);
  if (form.consent === "yes" || form.consent === "no") filter.consent = form.consent;
  return { subject: (form.subject ?? "").trim(), body: (form.body ?? "").trim(), filter };
}

async function editor(
  c: Context<AppEnv>,
  action: string,
  values: { subject: string; body: string; filter: AudienceFilter },
  disabled = false,
) {
  const user = requireUser(c);
  const pages = (await listOwnPages(user.id, { limit: 100 })).items;
  const f = values.filter;
  const t = translate(c.get("locale"));
  return (
    <form method="post" action={action} class="card space-y-3 p-5">
      <label class="block">
        <span class="label">{t("seller.camp.subject")}</span>
        <input
          class="input"
          name="subject"
          required
          maxLength={200}
          value={values.subject}
          disabled={disabled}
        />
      </label>
      <label class="block">
        <span class="label">{t("seller.camp.message")}</span>
        <textarea class="input font-mono" name="body" rows={10} required disabled={disabled}>
          {values.body}
        </textarea>
      </label>
      <fieldset class="grid gap-3 sm:grid-cols-4">
        <label class="block">
          <span class="label">{t("seller.dash.colPage")}</span>
          <select class="input" name="pageId" disabled={disabled}>
            <option value="">{t("seller.camp.allPages")}</option>
            {pages.map((p) => (
              <option key={p.id} value={p.id} selected={f.pageId === p.id}>{p.name}</option>
            ))}
          </select>
        </label>
        <label class="block">
          <span class="label">{t("seller.leads.status")}</span>
          <select class="input" name="status" disabled={disabled}>
            <option value="">{t("seller.camp.any")}</option>
            {["new", "contacted", "won", "lost"].map((s) => (
              <option key={s} value={s} selected={f.status === s}>
                {t(`seller.leadStatus.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label class="block">
          <span class="label">{t("seller.camp.tag")}</span>
          <input class="input" name="tag" maxLength={40} value={f.tag ?? ""} disabled={disabled} />
        </label>
        <label class="block">
          <span class="label">{t("seller.camp.consent")}</span>
          <select class="input" name="consent" disabled={disabled}>
            <option value="">{t("seller.camp.anyConsent")}</option>
            <option value="yes" selected={f.consent === "yes"}>
              {t("seller.camp.gaveConsent")}
            </option>
          </select>
        </label>
      </fieldset>
      {!disabled && <button class="btn btn-primary" type="submit">{t("seller.common.save")}
      </button>}
    </form>
  );
}

app.get("/", async (c) => {
  const user = requireUser(c);
  const { items, cursor } = await listCampaigns(user.id, listParams(c.req.query()));
  const error = c.req.query("error");
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.camp.title"), active: "/dashboard" },
    (
      <div class="space-y-6">
        <h1 class="text-2xl font-semibold">{t("seller.camp.h1")}</h1>
        {error && <Alert kind="error">{error}</Alert>}
        {items.length === 0
          ? <p class="text-slate-600">{t("seller.camp.none")}</p>
          : (
            <ul class="space-y-2">
              {items.map((k) => (
                <li key={k.id} class="card flex justify-between p-4" data-testid="campaign">
                  <a class="text-brand-600" href={`/campaigns/${k.id}`}>{k.subject}</a>
                  <span class="text-sm text-slate-500">
                    {t("seller.camp.listCounts", {
                      status: statusIn(t, k.status),
                      sent: String(k.counts.sent),
                      failed: String(k.counts.failed),
                      unsubscribed: String(k.counts.unsubscribed),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        {cursor && (
          <a href={`/campaigns?cursor=${encodeURIComponent(cursor)}`}>{t("seller.camp.older")}</a>
        )}
        <h2 class="text-lg font-semibold">{t("seller.camp.new")}</h2>
        {await editor(c, "/campaigns", { subject: "", body: "", filter: { consent: "yes" } })}
      </div>
    ),
  );
});

function backWithError(c: Context<AppEnv>, back: string, err: unknown) {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
  return c.redirect(`${back}?error=${encodeURIComponent(describeError(err))}`, 303);
}

app.post("/", async (c) => {
  const user = requireUser(c);
  try {
    const created = await createCampaign(user.id, inputOf(await formBody(c)));
    return c.redirect(`/campaigns/${created.id}`, 303);
  } catch (err) {
    return backWithError(c, "/campaigns", err);
  }
});

app.get("/:id", async (c) => {
  const user = requireUser(c);
  const k = await getCampaign(user.id, c.req.param("id"));
  const reach = await countAudience(user.id, k.filter);
  const error = c.req.query("error");
  const done = c.req.query("done");
  const draft = k.status === "draft";
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.camp.detailTitle", { subject: k.subject }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <a href="/campaigns" class="text-sm text-brand-600">{t("seller.camp.back")}</a>
        <h1 class="text-2xl font-semibold">{k.subject}</h1>
        {error && <Alert kind="error">{error}</Alert>}
        {done && <Alert kind="success">{DONE[done] ? t(DONE[done]) : done}</Alert>}
        <p class="text-sm text-slate-600" data-testid="counts">
          {t("seller.camp.counts", {
            status: statusIn(t, k.status),
            count: String(reach.count),
            reachable: String(reach.reachable),
            atLeast: reach.complete ? "" : t("seller.camp.atLeast"),
            sent: String(k.counts.sent),
            failed: String(k.counts.failed),
            unsubscribed: String(k.counts.unsubscribed),
          })}
        </p>
        {await editor(c, `/campaigns/${k.id}`, k, !draft)}
        <h2 class="text-lg font-semibold">{t("seller.card.preview")}</h2>
        <iframe
          title={t("seller.camp.previewFrame")}
          class="h-96 w-full rounded border border-slate-200"
          src={`/campaigns/${k.id}/preview`}
        />
        <div class="flex gap-2">
          <form method="post" action={`/campaigns/${k.id}/test`}>
            <button class="btn btn-secondary" type="submit">
              {t("seller.camp.testMe")}
            </button>
          </form>
          {draft && (
            <form method="post" action={`/campaigns/${k.id}/send`}>
              <button class="btn btn-primary" type="submit">
                {t("seller.camp.send", { count: String(reach.reachable) })}
              </button>
            </form>
          )}
        </div>
      </div>
    ),
  );
});

// The email's own HTML, alone in a sandboxed frame: no script, no requests but inline styles.
app.get("/:id/preview", async (c) => {
  const user = requireUser(c);
  const k = await getCampaign(user.id, c.req.param("id"));
  const mail = await previewCampaign(user.id, k);
  return new Response(mail.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox; frame-ancestors 'self'",
      "x-frame-options": "SAMEORIGIN",
      "cache-control": "no-store",
    },
  });
});

app.post("/:id", async (c) => {
  const user = requireUser(c);
  const back = `/campaigns/${c.req.param("id")}`;
  try {
    await updateCampaign(user.id, c.req.param("id"), inputOf(await formBody(c)));
    return c.redirect(back, 303);
  } catch (err) {
    return backWithError(c, back, err);
  }
});

app.post("/:id/test", async (c) => {
  const id = c.req.param("id");
  return await formAction(c, `/campaigns/${id}`, () => testSendCampaign(requireUser(c).id, id), {
    done: "Test sent to your address",
  });
});

app.post("/:id/send", async (c) => {
  const id = c.req.param("id");
  return await formAction(c, `/campaigns/${id}`, () => sendCampaign(requireUser(c).id, id), {
    done: "Sending; the counts update as it goes",
  });
});

export default app;
