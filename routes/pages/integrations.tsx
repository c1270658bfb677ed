// /pages/:id/integrations: the page's webhooks as plain forms (signed in: see _middleware.ts):
// add a URL (its signing secret is shown once, on the page that answers the form), send a test
// event, enable/disable, delete, and each webhook's delivery log with a retry button.
import { Hono } from "hono";
import { formatDateIn, type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";
import type { Context } from "hono";
import {
  type AppEnv,
  AppError,
  describeError,
  formAction,
  formBody,
} from "../../lib/http/index.ts";
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listDeliveries,
  listIntegrations,
  retryDelivery,
  sendTestEvent,
  setIntegrationActive,
  WEBHOOK_EVENTS,
} from "../../lib/integrations/index.ts";
import { getOwnPage } from "../../lib/pages/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";

const app = new Hono<AppEnv>();

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
const translate = (locale: Locale): T => (key, params) => tr(locale, key, params);
const DELIVERY_STATUS: Record<string, MessageKey> = {
  succeeded: "seller.hooks.succeeded",
  retrying: "seller.hooks.retrying",
  failed: "seller.hooks.failed",
};

async function listView(c: Context<AppEnv>, created?: { url: string; secret: string }) {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id")!);
  const hooks = await listIntegrations(user.id, own.id);
  const error = c.req.query("error");
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.hooks.title", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <a href={`/pages/${own.id}/leads`} class="text-sm text-brand-600">
            {t("seller.hooks.backLeads")}
          </a>
          <h1 class="text-2xl font-semibold">{t("seller.hooks.title", { name: own.name })}</h1>
          <p class="text-sm text-slate-500">{t("seller.hooks.lead")}</p>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        {created && (
          <div data-testid="new-secret">
            <Alert kind="success">
              {t("seller.hooks.added", { url: created.url })}{" "}
              <code class="break-all">{created.secret}</code>
            </Alert>
          </div>
        )}
        <form method="post" action={`/pages/${own.id}/integrations`} class="card space-y-3 p-5">
          <label class="block">
            <span class="label">{t("seller.hooks.url")}</span>
            <input
              class="input"
              name="url"
              type="url"
              required
              maxLength={2000}
              placeholder="https://example.com/hooks/landinghub"
            />
          </label>
          <fieldset class="flex gap-4 text-sm">
            {WEBHOOK_EVENTS.map((e) => (
              <label key={e} class="flex items-center gap-2">
                <input
                  type="checkbox"
                  name={`event_${e}`}
                  value="1"
                  checked={e === "lead.created"}
                />
                {e}
              </label>
            ))}
          </fieldset>
          <button class="btn btn-primary" type="submit">{t("seller.hooks.add")}</button>
        </form>
        {hooks.length === 0
          ? <p class="text-slate-600">{t("seller.hooks.none")}</p>
          : (
            <ul class="space-y-3">
              {hooks.map((h) => (
                <li key={h.id} class="card space-y-2 p-4" data-testid="webhook">
                  <div class="flex flex-wrap items-center justify-between gap-2">
                    <code class="break-all">{h.url}</code>
                    <span class="text-sm text-slate-500">
                      {h.active
                        ? t("seller.hooks.active")
                        : h.disabledReason
                        ? t("seller.hooks.disabledReason", { reason: h.disabledReason })
                        : t("seller.hooks.disabled")}
                    </span>
                  </div>
                  <p class="text-sm text-slate-500">
                    {t("seller.hooks.secret", { events: h.events.join(", "), hint: h.secretHint })}
                  </p>
                  <div class="flex flex-wrap gap-2">
                    <a class="btn btn-secondary" href={`/pages/${own.id}/integrations/${h.id}`}>
                      {t("seller.hooks.log")}
                    </a>
                    {action(own.id, h.id, "test", t("seller.hooks.test"))}
                    {action(
                      own.id,
                      h.id,
                      h.active ? "disable" : "enable",
                      h.active ? t("seller.hooks.disable") : t("seller.hooks.enable"),
                    )}
                    {action(own.id, h.id, "delete", t("seller.card.delete"))}
                  </div>
                </li>
              ))}
            </ul>
          )}
      </div>
    ),
  );
}

const action = (pageId: string, id: string, what: string, label: string) => (
  <form method="post" action={`/pages/${pageId}/integrations/${id}/${what}`}>
    <button class="btn btn-secondary" type="submit">{label}</button>
  </form>
);

app.get("/:id/integrations", (c) => listView(c));

app.post("/:id/integrations", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const events = WEBHOOK_EVENTS.filter((e) => form[`event_${e}`]);
  try {
    const created = await createIntegration(user.id, c.req.param("id"), {
      type: "webhook",
      url: (form.url ?? "").trim().slice(0, 2000),
      events: events.length ? events : undefined,
    });
    return await listView(c, { url: created.url, secret: created.secret! });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    const back = `/pages/${c.req.param("id")}/integrations`;
    return c.redirect(`${back}?error=${encodeURIComponent(describeError(err))}`, 303);
  }
});

const back = (c: Context<AppEnv>, log = false) =>
  `/pages/${c.req.param("id")}/integrations${log ? `/${c.req.param("iid")}` : ""}`;

app.post("/:id/integrations/:iid/test", async (c) => {
  const { id, iid } = c.req.param();
  return await formAction(c, back(c, true), () => sendTestEvent(requireUser(c).id, id, iid));
});

app.post("/:id/integrations/:iid/enable", async (c) => {
  const { id, iid } = c.req.param();
  return await formAction(c, back(c), () => setIntegrationActive(requireUser(c).id, id, iid, true));
});

app.post("/:id/integrations/:iid/disable", async (c) => {
  const { id, iid } = c.req.param();
  return await formAction(
    c,
    back(c),
    () => setIntegrationActive(requireUser(c).id, id, iid, false),
  );
});

app.post("/:id/integrations/:iid/delete", async (c) => {
  const { id, iid } = c.req.param();
  return await formAction(c, back(c), () => deleteIntegration(requireUser(c).id, id, iid));
});

app.post("/:id/integrations/:iid/deliveries/:did/retry", async (c) => {
  const { id, iid, did } = c.req.param();
  return await formAction(c, back(c, true), () => retryDelivery(requireUser(c).id, id, iid, did));
});

app.get("/:id/integrations/:iid", async (c) => {
  const user = requireUser(c);
  const { id, iid } = c.req.param();
  const own = await getOwnPage(user.id, id);
  const hook = await getIntegration(user.id, id, iid);
  const { items, cursor } = await listDeliveries(user.id, id, iid, listParams(c.req.query()));
  const error = c.req.query("error");
  const locale = c.get("locale");
  const t = translate(locale);
  return page(
    c,
    { title: t("seller.hooks.deliveriesTitle", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <a href={`/pages/${id}/integrations`} class="text-sm text-brand-600">
            {t("seller.hooks.backHooks")}
          </a>
          <h1 class="text-2xl font-semibold">{t("seller.hooks.deliveries")}</h1>
          <p class="break-all text-sm text-slate-500">{hook.url}</p>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        {action(id, iid, "test", t("seller.hooks.test"))}
        {items.length === 0
          ? <p class="text-slate-600">{t("seller.hooks.noDeliveries")}</p>
          : (
            <div class="card overflow-x-auto">
              <table class="w-full text-left text-sm">
                <thead class="border-b border-slate-200 bg-slate-50 text-slate-600">
                  <tr>
                    <th class="px-3 py-2">{t("seller.hooks.created")}</th>
                    <th class="px-3 py-2">{t("seller.hooks.event")}</th>
                    <th class="px-3 py-2">{t("seller.leads.status")}</th>
                    <th class="px-3 py-2">{t("seller.hooks.attempts")}</th>
                    <th class="px-3 py-2">{t("seller.hooks.lastAnswer")}</th>
                    <th class="px-3 py-2">
                      <span class="sr-only">{t("seller.hooks.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr
                      key={d.id}
                      class="border-b border-slate-100 align-top"
                      data-testid="delivery"
                    >
                      <td class="whitespace-nowrap px-3 py-2 text-slate-500">
                        {locale === "en"
                          ? d.createdAt.replace("T", " ").slice(0, 19)
                          : formatDateIn(d.createdAt, locale, true)}
                      </td>
                      <td class="px-3 py-2">{d.eventType}</td>
                      <td class="px-3 py-2" data-status={d.status}>
                        {DELIVERY_STATUS[d.status] ? t(DELIVERY_STATUS[d.status]) : d.status}
                      </td>
                      <td class="px-3 py-2">{d.attempts}</td>
                      <td class="px-3 py-2">
                        {d.lastStatusCode ?? ""} {d.lastError ?? ""}
                        {d.response?.body && (
                          <details>
                            <summary>{t("seller.hooks.response")}</summary>
                            <pre class="whitespace-pre-wrap">{d.response.body}</pre>
                          </details>
                        )}
                        {d.request?.body && (
                          <details>
                            <summary>{t("seller.hooks.request")}</summary>
                            <pre class="whitespace-pre-wrap">{d.request.body}</pre>
                          </details>
                        )}
                      </td>
                      <td class="px-3 py-2">
                        <form
                          method="post"
                          action={`/pages/${id}/integrations/${iid}/deliveries/${d.id}/retry`}
                        >
                          <button class="btn btn-secondary !py-1" type="submit">
                            {t("seller.hooks.retry")}
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
          <a class="btn btn-secondary" href={`?cursor=${encodeURIComponent(cursor)}`}>
            {t("seller.common.more")}
          </a>
        )}
      </div>
    ),
  );
});

export default app;
