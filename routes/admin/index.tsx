// /admin and /admin/audit: the live dashboard and the audit log. The other consoles are their
// own files here; all are admins only (_middleware.ts; others get a friendly 403 page).
import { Hono } from "hono";
import { AdminNav, type AdminT, adminTextOf } from "../../components/AdminNav.tsx";
import { Island } from "../../components/Island.tsx";
import LiveStats from "../../islands/LiveStats.tsx";
import { newestUsers, readableAudit } from "../../lib/admin/index.ts";
import { type AppEnv } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { readDailySeries, readLiveStats } from "../../lib/admin/stats.ts";
import type { AuditChange as AuditChangeView, AuditValue } from "../../lib/admin/audit-view.ts";
import { readCsat } from "../../lib/chat/index.ts";

const app = new Hono<AppEnv>();

function AuditValueView({ value }: { value: AuditValue }) {
  return value.href
    ? <a class="text-brand-600 underline" href={value.href}>{value.text}</a>
    : <>{value.text}</>;
}

/** An entry's before → after, as readableAudit words it (money formatted, ids named). */
function AuditChanges({ changes }: { changes: AuditChangeView[] }) {
  return (
    <ul>
      {changes.map((ch) => (
        <li key={ch.field}>
          <span class="text-slate-500">{ch.field}:</span> <AuditValueView value={ch.before} />
          {" → "}
          <AuditValueView value={ch.after} />
        </li>
      ))}
    </ul>
  );
}

function AuditTarget({ target }: { target: { label: string; href: string | null } }) {
  return target.href
    ? <a class="text-brand-600 underline" href={target.href}>{target.label}</a>
    : <span class="font-mono text-xs">{target.label}</span>;
}

const TILES = [
  "users",
  "pages",
  "publishedPages",
  "listings",
  "pendingListings",
  "orders",
  "openChats",
  "leads",
] as const;

/** One revenue and one platform-fee tile per currency sold in (money is never summed across). */
function moneyTiles(stats: Record<string, unknown>, t: AdminT) {
  const currencies = Object.keys(stats).filter((k) => k.startsWith("revenue:")).map((k) =>
    k.slice("revenue:".length)
  );
  return (["revenue", "platformFees"] as const).flatMap((name) =>
    currencies.map((cur) => ({
      // usd keeps the plain figure's key (the contract's `revenue` / `platformFees`).
      key: cur === "usd" ? name : `${name}:${cur}`,
      label: t(`admin.tile.${name}`, { currency: cur.toUpperCase() }),
      money: true,
      currency: cur,
    }))
  );
}

app.get("/", async (c) => {
  const [stats, revenue, orders, signups, leads, { entries: audit, names, targets }, users, csat] =
    await Promise.all([
      readLiveStats(),
      readDailySeries("revenue"),
      readDailySeries("orders"),
      readDailySeries("users"),
      readDailySeries("leads"),
      readableAudit(10),
      newestUsers(8),
      readCsat(),
    ]);
  const { t, minute, day } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.dash.title"), active: "/admin" },
    (
      <div class="space-y-6">
        <AdminNav active="/admin" heading={false} />
        <h1 class="text-2xl font-semibold">{t("admin.nav.dashboard")}</h1>
        <div>
          <Island
            c={LiveStats}
            props={{
              src: "/api/dashboard/events",
              event: "stats",
              tiles: [
                ...TILES.map((key) => ({ key, label: t(`admin.tile.${key}`) })),
                ...moneyTiles(stats, t),
              ],
              initial: stats,
              charts: [
                {
                  key: "revenue",
                  title: t("admin.chart.revenue"),
                  money: true,
                  series: revenue,
                },
                { key: "orders", title: t("admin.chart.orders"), series: orders },
                { key: "users", title: t("admin.chart.signups"), series: signups },
                { key: "leads", title: t("admin.chart.leads"), series: leads },
              ],
              chartGrid: "md:grid-cols-2",
            }}
          />
        </div>
        <section class="card p-4" data-testid="csat">
          <h2 class="mb-2 font-semibold">{t("admin.dash.csat")}</h2>
          <p class="text-sm">
            {csat.count
              ? t("admin.dash.csatSummary", { average: csat.average ?? 0, count: csat.count })
              : t("admin.dash.noRatings")}
          </p>
          {csat.byAgent.length > 0 && (
            <ul class="mt-2 space-y-1 text-sm">
              {csat.byAgent.map((a) => (
                <li key={a.adminId}>{a.name}: {a.average} / 5 ({a.count})</li>
              ))}
            </ul>
          )}
        </section>
        <div class="grid gap-4 md:grid-cols-2">
          <section class="card p-4">
            <h2 class="mb-2 font-semibold">{t("admin.dash.activity")}</h2>
            <ul class="space-y-1 text-sm">
              {audit.map((a) => (
                <li key={a.id}>
                  {minute(a.at)} · {names.get(a.actorId)} · {a.action} ·{" "}
                  <AuditTarget target={targets.get(a.target)!} />
                </li>
              ))}
              {audit.length === 0 && <li class="text-slate-500">{t("admin.dash.nothingYet")}</li>}
            </ul>
          </section>
          <section class="card p-4">
            <h2 class="mb-2 font-semibold">{t("admin.dash.newestUsers")}</h2>
            <ul class="space-y-1 text-sm">
              {users.map((u) => (
                <li key={u.id}>
                  <a class="hover:underline" href={`/admin/users/${u.id}`}>{u.name}</a> · {u.email}
                  {" "}
                  · {day(u.createdAt)}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    ),
  );
});

app.get("/audit", async (c) => {
  const { entries, names, targets, changes } = await readableAudit(200);
  const { t, dateTime } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.nav.audit"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/audit" />
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">{t("admin.audit.when")}</th>
                <th class="px-3 py-2">{t("admin.audit.who")}</th>
                <th class="px-3 py-2">{t("admin.audit.what")}</th>
                <th class="px-3 py-2">{t("admin.audit.target")}</th>
                <th class="px-3 py-2">{t("admin.audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((a) => (
                <tr key={a.id} class="border-t border-slate-100 align-top" data-action={a.action}>
                  <td class="whitespace-nowrap px-3 py-2">
                    <time datetime={a.at}>{dateTime(a.at)}</time>
                  </td>
                  <td class="px-3 py-2">{names.get(a.actorId)}</td>
                  <td class="px-3 py-2">{a.action}</td>
                  <td class="px-3 py-2">
                    <AuditTarget target={targets.get(a.target)!} />
                  </td>
                  <td class="px-3 py-2 text-xs">
                    <AuditChanges changes={changes.get(a.id) ?? []} />
                  </td>
                </tr>
              ))}
              {entries.length === 0 && (
                <tr>
                  <td colSpan={5} class="px-3 py-4 text-slate-500">{t("admin.audit.empty")}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
    ),
  );
});

export default app;
