// A seller's own figures: views, leads and sales per page over the last 30 days, live. Each
// change (a flushed view batch, a lead, a sale) is counted in the commit that makes it, together
// with an event on the seller's `seller:<id>` topic, which the dashboard's stream turns into a
// fresh snapshot.
import {
  addToCounter,
  counterValue,
  getMany,
  keys,
  kv,
  listAll,
  readCounter,
} from "../kv/index.ts";
import type { PageRecord } from "./index.ts";
import { getBalances } from "../payments/balances.ts";
import { addEvent } from "../realtime/index.ts";
import { sellerTopic } from "../realtime/topics.ts";

export const PAGE_METRICS = ["views", "leads", "sales", "revenue"] as const;
export type PageMetric = (typeof PAGE_METRICS)[number];

export { sellerTopic };

/**
 * The page metric of sales revenue in `currency`: "revenue" for usd (as before currencies were
 * split), `revenue:<currency>` for the others, so amounts in different currencies never add up.
 */
export const revenueMetric = (currency: string): "revenue" | `revenue:${string}` => {
  const cur = currency.toLowerCase();
  return cur === "usd" ? "revenue" : `revenue:${cur}`;
};

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Count `n` of `metric` for one page today, inside `op`, and wake the seller's dashboard. */
export function bumpPageStat(
  op: Deno.AtomicOperation,
  page: Pick<PageRecord, "id" | "ownerId">,
  metric: PageMetric | `revenue:${string}`,
  n: number,
) {
  addToCounter(op, keys.pageStatDaily(page.id, metric, dayOf(Date.now())), n);
  addEvent(op, sellerTopic(page.ownerId), "stats_changed", { pageId: page.id, metric });
  return op;
}

export interface PageSeries {
  pageId: string;
  name: string;
  status: string;
  /** Per metric, the last 30 days oldest first. */
  days: Record<PageMetric, number[]>;
  totals: Record<PageMetric, number>;
  /** 30-day revenue of the other currencies than usd (`revenue` is usd), by currency. */
  otherRevenue: Record<string, number>;
}

export interface SellerStats {
  /**
   * Flat figures for live tiles and charts: totals, `<pageId>:<metric>` per page (30 days),
   * `day` (today) and `today:<metric>` summed over the pages.
   */
  figures: Record<string, number | string>;
  pages: PageSeries[];
  dayLabels: string[];
}

async function pageSeries(page: PageRecord, dayLabels: string[]): Promise<PageSeries> {
  const index = new Map(dayLabels.map((d, i) => [d, i]));
  const days = {} as Record<PageMetric, number[]>;
  const totals = {} as Record<PageMetric, number>;
  await Promise.all(PAGE_METRICS.map(async (metric) => {
    const series = new Array(dayLabels.length).fill(0);
    for await (
      const e of kv().list<Deno.KvU64>({
        start: keys.pageStatDaily(page.id, metric, dayLabels[0]),
        end: [...keys.pageStatDaily(page.id, metric, dayLabels.at(-1)!), ""],
      })
    ) {
      const i = index.get(String(e.key.at(-1)));
      if (i !== undefined) series[i] = counterValue(e.value);
    }
    days[metric] = series;
    totals[metric] = series.reduce((s, n) => s + n, 0);
  }));
  // Every non-usd currency's revenue in one range read: "revenue:<cur>" sort between these.
  const otherRevenue: Record<string, number> = {};
  for await (
    const e of kv().list<Deno.KvU64>({
      start: keys.pageStatDaily(page.id, "revenue:", ""),
      end: keys.pageStatDaily(page.id, "revenue;", ""),
    })
  ) {
    if (!index.has(String(e.key.at(-1)))) continue;
    const cur = String(e.key.at(-2)).slice("revenue:".length);
    otherRevenue[cur] = (otherRevenue[cur] ?? 0) + counterValue(e.value);
  }
  return { pageId: page.id, name: page.name, status: page.status, days, totals, otherRevenue };
}

export async function readSellerStats(userId: string, days = 30): Promise<SellerStats> {
  const dayLabels = Array.from(
    { length: days },
    (_, i) => dayOf(Date.now() - (days - 1 - i) * 864e5),
  );
  // All of one seller's own pages (their dashboard sums every page): bounded by what one user
  // made, never the whole pages collection, so it is not paged.
  const ids = await listAll<string>(keys.pagesByUserPrefix(userId));
  const items = await getMany<PageRecord>(ids.reverse().map(keys.page));
  // Records are read as stored (a long page's content stays in its chunks): only counts are needed.
  // Leads are counted by a sum counter per page, never in the record itself.
  const [pages, balances, leadCounts] = await Promise.all([
    Promise.all(items.map((p) => pageSeries(p, dayLabels))),
    getBalances(userId),
    Promise.all(items.map((p) => readCounter(keys.pageLeadCount(p.id)))),
  ]);
  const usd = balances.find((b) => b.currency === "usd");
  const figures: SellerStats["figures"] = {
    pages: items.length,
    published: items.filter((p) => p.status === "published").length,
    views: items.reduce((s, p) => s + p.viewCount, 0),
    leads: leadCounts.reduce((s, n) => s + n, 0),
    sales: pages.reduce((s, p) => s + p.totals.sales, 0),
    revenue: pages.reduce((s, p) => s + p.totals.revenue, 0),
    // `balance` (like `revenue`) is the usd figure; `balance:<currency>` has each other
    // currency's, never summed.
    balance: usd ? usd.available + usd.held : 0,
    day: dayLabels.at(-1)!,
  };
  for (const b of balances) {
    if (b.currency !== "usd") figures[`balance:${b.currency}`] = b.available + b.held;
  }
  for (const p of pages) {
    for (const [cur, n] of Object.entries(p.otherRevenue)) {
      figures[`revenue:${cur}`] = Number(figures[`revenue:${cur}`] ?? 0) + n;
      figures[`${p.pageId}:revenue:${cur}`] = n;
    }
  }
  for (const m of PAGE_METRICS) {
    figures[`today:${m}`] = pages.reduce((s, p) => s + p.days[m].at(-1)!, 0);
    for (const p of pages) figures[`${p.pageId}:${m}`] = p.totals[m];
  }
  return { figures, pages, dayLabels };
}
