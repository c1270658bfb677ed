// /pages/:id/domains: the page's custom domains in its settings: add a hostname, the two DNS
// records to create, Verify (which says what is missing), status and remove. Plain form posts.
import { Hono } from "hono";
import { type AppEnv, formAction, formBody } from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { getOwnPage } from "../../lib/pages/index.ts";
import {
  addDomain,
  type DomainView,
  listDomains,
  removeDomain,
  verifyDomain,
} from "../../lib/domains/index.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";
import { useT } from "../../lib/i18n/context.ts";
import { formatDateIn, type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";

const translate = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) =>
  tr(locale, key, params);

const app = new Hono<AppEnv>();

function Records({ d }: { d: DomainView }) {
  const apex = d.hostname.split(".").length === 2;
  const t = useT();
  return (
    <table class="w-full text-left text-sm" data-testid="dns-records">
      <thead>
        <tr class="text-slate-500">
          <th class="py-1 px-2">{t("seller.domains.type")}</th>
          <th class="py-1 px-2">{t("seller.domains.name")}</th>
          <th class="py-1">{t("seller.domains.value")}</th>
        </tr>
      </thead>
      <tbody class="font-mono">
        <tr>
          <td class="py-1 px-2">TXT</td>
          <td class="py-1 px-2 break-words">{d.verification.name}</td>
          <td class="py-1 break-words" data-testid="txt-value">{d.verification.value}</td>
        </tr>
        <tr>
          <td class="py-1 px-2">{apex ? "ALIAS / ANAME" : "CNAME"}</td>
          <td class="py-1 px-2 break-words">{d.hostname}</td>
          <td class="py-1 break-words">{d.cname}</td>
        </tr>
      </tbody>
    </table>
  );
}

app.get("/:id/domains", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const domains = await listDomains(user.id, own.id);
  const base = `/pages/${own.id}/domains`;
  const locale = c.get("locale");
  const t = translate(locale);
  return page(
    c,
    { title: t("seller.domains.title", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <nav class="flex gap-3 text-sm" aria-label={t("seller.common.back")}>
            <a href={`/pages/${own.id}/edit`} class="text-brand-600">
              {t("seller.common.backEditor")}
            </a>
            <a href="/dashboard" class="text-slate-500 hover:text-slate-800">
              {t("seller.common.dashboard")}
            </a>
          </nav>
          <h1 class="text-2xl font-semibold">{t("seller.domains.h1", { name: own.name })}</h1>
          <p class="text-sm text-slate-500">
            {t("seller.domains.lead")}
            {own.status !== "published" && t("seller.domains.draft")}
          </p>
        </div>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {c.req.query("verified") && (
          <Alert kind="success">
            {t("seller.domains.verified", { host: c.req.query("verified")! })}
          </Alert>
        )}
        <form method="post" action={base} class="card flex flex-wrap items-end gap-3 p-4">
          <label class="flex flex-col gap-1 text-sm">
            {t("seller.domains.hostname")}
            <input
              class="input"
              name="hostname"
              placeholder="www.example.com"
              required
              maxLength={253}
              data-testid="domain-input"
            />
          </label>
          <button class="btn btn-primary" type="submit">{t("seller.domains.add")}</button>
        </form>
        {domains.length === 0 && <p class="text-slate-500">{t("seller.domains.none")}</p>}
        {domains.map((d) => (
          <section class="card space-y-3 p-4" data-testid="domain">
            <div class="flex flex-wrap items-center justify-between gap-3">
              <h2 class="text-lg font-semibold">
                {d.hostname}{" "}
                <span
                  class={`badge ${
                    d.status === "active"
                      ? "bg-emerald-100 text-emerald-800"
                      : "bg-amber-100 text-amber-800"
                  }`}
                  data-testid="domain-status"
                >
                  {d.status === "active" ? t("seller.domains.active") : t("seller.domains.pending")}
                </span>
              </h2>
              <div class="flex gap-2">
                <form method="post" action={`${base}/${d.hostname}/verify`}>
                  <button class="btn btn-secondary" type="submit">
                    {t("seller.domains.verify")}
                  </button>
                </form>
                <form method="post" action={`${base}/${d.hostname}/remove`}>
                  <button class="btn btn-secondary" type="submit">
                    {t("seller.common.remove")}
                  </button>
                </form>
              </div>
            </div>
            <p class="text-sm text-slate-600">{t("seller.domains.records")}</p>
            <Records d={d} />
            {d.failingSince && (
              <Alert kind="error">
                {t("seller.domains.failing", {
                  since: locale === "en"
                    ? d.failingSince
                    : formatDateIn(d.failingSince, locale, true),
                })}
              </Alert>
            )}
          </section>
        ))}
      </div>
    ),
  );
});

app.post("/:id/domains", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  const hostname = (await formBody(c)).hostname ?? "";
  return await formAction(c, `/pages/${id}/domains`, () => addDomain(user.id, id, hostname));
});

app.post("/:id/domains/:hostname/verify", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  const hostname = c.req.param("hostname");
  const back = `/pages/${id}/domains`;
  return await formAction(c, back, () => verifyDomain(user.id, id, hostname)).then((res) =>
    res.headers.get("location") === back
      ? c.redirect(`${back}?verified=${encodeURIComponent(hostname)}`, 303)
      : res
  );
});

app.post("/:id/domains/:hostname/remove", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  return await formAction(
    c,
    `/pages/${id}/domains`,
    () => removeDomain(user.id, id, c.req.param("hostname")),
  );
});

export default app;
