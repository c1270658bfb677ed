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
import { formatCount } from "../lib/format.ts";

const app = new Hono<AppEnv>();

const SELLER_TILES = [
  { key: "pages", label: "Pages" },
  { key: "published", label: "Published" },
  { key: "views", label: "Views" },
  { key: "leads", label: "Leads" },
];
const PAGE_COLUMNS = [
  { key: "views", label: "Views (30 days)" },
  { key: "leads", label: "Leads (30 days)" },
  { key: "sales", label: "Sales (30 days)" },
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
    ...SELLER_TILES,
    ...currenciesOf(stats.figures, "balance").map((cur) => ({
      key: cur === "usd" ? "balance" : `balance:${cur}`,
      label: `Balance (${cur.toUpperCase()})`,
      money: true,
      currency: cur,
    })),
  ];
  const columns = [
    ...PAGE_COLUMNS,
    ...currenciesOf(stats.figures, "revenue").map((cur) => ({
      key: cur === "usd" ? "revenue" : `revenue:${cur}`,
      label: `Revenue ${cur.toUpperCase()} (30 days)`,
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
    { title: "Dashboard", active: "/dashboard" },
    (
      <div class="space-y-8">
        <DoneNotice done={c.req.query("done")} />
        {c.req.query("welcome") && (
          <Alert kind="success">
            Welcome to LandingHub, {user.name}! Create your first page below.
          </Alert>
        )}
        <div class="flex flex-wrap items-center justify-between gap-4">
          <h1 class="text-2xl font-semibold">Dashboard</h1>
          <a class="btn btn-primary" href="/pages#new">New page</a>
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
                  { key: "views", title: "Views", series: total("views") },
                  { key: "leads", title: "Leads", series: total("leads") },
                  { key: "sales", title: "Sales", series: total("sales") },
                ]
                : undefined,
              chartGrid: "md:grid-cols-3",
            }}
          />
        </div>
        {summary.rows.length > 0 && <AnalyticsSummaryCard summary={summary} />}
        <section class="space-y-4">
          <h2 class="text-lg font-semibold">Your pages</h2>
          {pages.length === 0
            ? (
              <p class="text-slate-600">
                No pages yet.{" "}
                <a class="text-brand-600 underline" href="/pages#new">
                  Create one from a starter layout.
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

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Visitors, leads and conversion of the published pages, each linking to its analytics. */
function AnalyticsSummaryCard(
  { summary }: { summary: Awaited<ReturnType<typeof analyticsSummary>> },
) {
  const t = summary.totals;
  return (
    <section class="card space-y-3 p-4" data-testid="analytics-summary">
      <div class="flex flex-wrap items-baseline justify-between gap-2">
        <h2 class="text-lg font-semibold">Analytics (last 30 days)</h2>
        <p class="text-sm text-slate-500">
          <span data-summary="visitors">{formatCount(t.visitors)}</span> visitors ·{" "}
          {formatCount(t.views)} views · <span data-summary="leads">{formatCount(t.leads)}</span>
          {" "}
          leads · {pct(t.conversionRate)} conversion
        </p>
      </div>
      <table class="w-full text-sm">
        <thead class="text-left text-slate-500">
          <tr>
            <th class="py-1 font-medium">Page</th>
            <th class="py-1 text-right font-medium">Visitors</th>
            <th class="py-1 text-right font-medium">Leads</th>
            <th class="py-1 text-right font-medium">Conversion</th>
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
              <td class="py-1 text-right tabular-nums">{formatCount(r.visitors)}</td>
              <td class="py-1 text-right tabular-nums">{formatCount(r.leads)}</td>
              <td class="py-1 text-right tabular-nums">{pct(r.conversionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default app;
