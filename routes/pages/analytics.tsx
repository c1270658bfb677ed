// /pages/:id/analytics: the owner's analytics of one page (the last 30 days first; the island
// changes the range and follows the figures live).
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { readAnalytics } from "../../lib/analytics/index.ts";
import { getOwnPage, siteUrl } from "../../lib/pages/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { page } from "../../components/render.tsx";
import { Island } from "../../components/Island.tsx";
import AnalyticsView from "../../islands/AnalyticsView.tsx";
import { type MessageKey, t as tr } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/:id/analytics", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const initial = await readAnalytics(user.id, own.id, {});
  const locale = c.get("locale");
  const t = (key: MessageKey, params?: Record<string, string>) => tr(locale, key, params);
  return page(
    c,
    { title: t("seller.analytics.title", { name: own.name }), active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <nav class="flex gap-3 text-sm" aria-label={t("seller.common.back")}>
            <a href="/dashboard" class="text-brand-600">{t("seller.common.backDashboard")}</a>
            <a href={`/pages/${own.id}/edit`} class="text-slate-500 hover:text-slate-800">
              {t("seller.common.editor")}
            </a>
            <a href={`/pages/${own.id}/leads`} class="text-slate-500 hover:text-slate-800">
              {t("seller.common.leads")}
            </a>
          </nav>
          <h1 class="text-2xl font-semibold">{t("seller.analytics.title", { name: own.name })}</h1>
          <p class="text-sm text-slate-500">
            {own.status === "published"
              ? t("seller.analytics.counted", { url: siteUrl(own.slug) })
              : t("seller.analytics.unpublished")}
          </p>
        </div>
        <Island c={AnalyticsView} props={{ pageId: own.id, initial }} />
      </div>
    ),
  );
});

export default app;
