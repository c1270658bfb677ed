// /dashboard: the signed-in user's figures (live), their pages and recent activity.
import { Hono } from "hono";
import { type AppEnv } from "../lib/http/index.ts";
import { listOwnPages, toView } from "../lib/pages/index.ts";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";
import { PageCard } from "../components/PageCard.tsx";
import { Island } from "../components/Island.tsx";
import { Alert, DoneNotice } from "../components/Form.tsx";
import LiveStats from "../islands/LiveStats.tsx";
import { type PageMetric, readSellerStats } from "../lib/pages/seller-stats.ts";
import { analyticsSummary } from "../lib/analytics/index.ts";
import { type MessageKey, t as tr } from "../lib/i18n/index.ts";
import { useLocale, useT } from "../lib/i18n/context.ts";
import { countIn, percentIn } from "../components/seller-format.ts";

const app = new Hono<AppEnv>();

const SELLER_TILES: { key: string; label: MessageKey }[] = [
  { key: "pages", label: "seller.dash.tilePages" },
  { key: "published", label: "seller.dash.tilePublished" },
  { key: "views", label: "seller.common.views" },
  { key: "leads", label: "seller.common.leads" },
];
const PAGE_COLUMNS: { key: string; label: MessageKey }[] = [
  { key: "views", label: "seller.dash.colViews" },
  { key: "leads", label: "seller.dash.colLeads" },
  { key: "sales", label: "seller.dash.colSales" },
];

/**
 * The currencies among the `<prefix>:<currency>` figures, usd first (always there: its figure is
 * the plain `<prefix>`, as before currencies were split).
 */
function currenciesOf(figures: Record<string, unknown>, prefix: string): string[] {
  const found = Object.keys(figures).filter((k) => k.startsWith(`${prefix}:`)).map((k) =>
    k.slice(prefix.length + 1)
  );
  return ["usd", ...new Set(found.filter((c) => c !== "usd"))];
}

app.get("/", async (c) => {
  const user = requireUser(c);
  const locale = c.get("locale");
  const t = (key: MessageKey, params?: Record<string, string | number>) => tr(locale, key, params);
  const [{ items }, stats] = await Promise.all([
    listOwnPages(user.id, { limit: 100 }),
    readSellerStats(user.id),
  ]);
  const pages = items.map(toView);
  // The summary card: the last 30 days of the published pages (10 at most, one read each).
  const summary = await analyticsSummary(
    items.filter((p) => p.status === "published").slice(0, 10),
  );
  // One money figure per currency: a balance tile each, a revenue column each (usd's is "revenue").
  const tiles = [
    ...SELLER_TILES.map((s) => ({ key: s.key, label: t(s.label) })),
    ...currenciesOf(stats.figures, "balance").map((cur) => ({
      key: cur === "usd" ? "balance" : `balance:${cur}`,
      label: t("seller.dash.tileBalance", { currency: cur.toUpperCase() }),
      money: true,
      currency: cur,
    })),
  ];
  const columns = [
    ...PAGE_COLUMNS.map((col) => ({ key: col.key, label: t(col.label) })),
    ...currenciesOf(stats.figures, "revenue").map((cur) => ({
      key: cur === "usd" ? "revenue" : `revenue:${cur}`,
      label: t("seller.dash.colRevenue", { currency: cur.toUpperCase() }),
      money: true,
      currency: cur,
    })),
  ];
  const total = (metric: PageMetric) =>
    stats.dayLabels.map((day, i) => ({
      day,
      value: stats.pages.reduce((s, p) => s + p.days[metric][i], 0),
    }));
  return page(
    c,
    { title: t("seller.common.dashboard"), active: "/dashboard" },
    (
      <div class="space-y-8">
        <DoneNotice done={c.req.query("done")} />
        {c.req.query("welcome") && (
          <Alert kind="success">
            {t("seller.dash.welcome", { name: user.name })}
          </Alert>
        )}
        <div class="flex flex-wrap items-center justify-between gap-4">
          <h1 class="text-2xl font-semibold">{t("seller.common.dashboard")}</h1>
          <a class="btn btn-primary" href="/pages#new">{t("seller.dash.newPage")}</a>
        </div>
        <div>
          <Island
            c={LiveStats}
            props={{
              src: "/api/seller/events",
              event: "stats",
              tiles,
              initial: stats.figures,
              table: stats.pages.length
                ? {
                  columns,
                  rows: stats.pages.map((p) => ({
                    key: p.pageId,
                    label: p.name,
                    href: `/pages/${p.pageId}/leads`,
                  })),
                }
                : undefined,
              charts: stats.pages.length
                ? [
                  { key: "views", title: t("seller.common.views"), series: total("views") },
                  { key: "leads", title: t("seller.common.leads"), series: total("leads") },
                  { key: "sales", title: t("seller.dash.sales"), series: total("sales") },
                ]
                : undefined,
              chartGrid: "md:grid-cols-3",
            }}
          />
        </div>
        {summary.rows.length > 0 && <AnalyticsSummaryCard summary={summary} />}
        <section class="space-y-4">
          <h2 class="text-lg font-semibold">{t("seller.dash.yourPages")}</h2>
          {pages.length === 0
            ? (
              <p class="text-slate-600">
                {t("seller.dash.noPages")}{" "}
                <a class="text-brand-600 underline" href="/pages#new">
                  {t("seller.dash.createFromStarter")}
                </a>
              </p>
            )
            : (
              <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
                {pages.map((p) => <PageCard key={p.id} page={p} />)}
              </div>
            )}
        </section>
      </div>
    ),
  );
});

/** Visitors, leads and conversion of the published pages, each linking to its analytics. */
function AnalyticsSummaryCard(
  { summary }: { summary: Awaited<ReturnType<typeof analyticsSummary>> },
) {
  const totals = summary.totals;
  const t = useT();
  const locale = useLocale();
  const count = (n: number) => countIn(n, locale);
  const pct = (rate: number) => percentIn(rate, locale);
  return (
    <section class="card space-y-3 p-4" data-testid="analytics-summary">
      <div class="flex flex-wrap items-baseline justify-between gap-2">
        <h2 class="text-lg font-semibold">{t("seller.dash.analyticsTitle")}</h2>
        <p class="text-sm text-slate-500">
          <span data-summary="visitors">{count(totals.visitors)}</span>{" "}
          {t("seller.dash.sumVisitors")}
          {" · "}
          {t("seller.dash.sumViews", { views: totals.views })} ·{" "}
          <span data-summary="leads">{count(totals.leads)}</span> {t("seller.dash.sumLeads")}
          {" · "}
          {t("seller.dash.sumConversion", { rate: pct(totals.conversionRate) })}
        </p>
      </div>
      <table class="w-full text-sm">
        <thead class="text-left text-slate-500">
          <tr>
            <th class="py-1 font-medium">{t("seller.dash.colPage")}</th>
            <th class="py-1 text-right font-medium">{t("seller.dash.colVisitors")}</th>
            <th class="py-1 text-right font-medium">{t("seller.common.leads")}</th>
            <th class="py-1 text-right font-medium">{t("seller.dash.colConversion")}</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr key={r.pageId} class="border-t border-slate-100">
              <td class="py-1">
                <a class="text-brand-600 hover:underline" href={`/pages/${r.pageId}/analytics`}>
                  {r.name}
                </a>
              </td>
              <td class="py-1 text-right tabular-nums">{count(r.visitors)}</td>
              <td class="py-1 text-right tabular-nums">{count(r.leads)}</td>
              <td class="py-1 text-right tabular-nums">{pct(r.conversionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default app;
