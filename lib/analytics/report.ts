// The owner's analytics of one page for a range of days (shared/API.md "Analytics"): one KV range
// read per series (days, sources, campaigns, devices), summed over the range.
import { z } from "zod";
import { counterValue, kv } from "../kv/index.ts";
import { invalid } from "../http/index.ts";
import { getOwnPage } from "../pages/index.ts";
import { analyticsKeys as k } from "./keys.ts";
import { DEVICES } from "./classify.ts";
import { currentDay } from "./visits.ts";

/** The longest range one request reads. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface AnalyticsReport {
  from: string;
  to: string;
  days: { date: string; views: number; visitors: number; leads: number }[];
  totals: { views: number; visitors: number; leads: number; conversionRate: number };
  sources: { source: string; visitors: number; leads: number }[];
  campaigns: { utmCampaign: string; visitors: number; leads: number }[];
  devices: { device: string; visitors: number }[];
}

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => {
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}, "Not a real date");

export const rangeSchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});

const addDays = (day: string, n: number) =>
  new Date(Date.parse(day) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The range asked for, defaulting to the last 30 days and never past today (UTC): `from` alone
 * runs to today and a future `to` is clamped to today. 422 when it is not a valid range.
 */
export function parseRange(
  query: Record<string, string | undefined>,
): { from: string; to: string } {
  const parsed = rangeSchema.safeParse({ from: query.from, to: query.to });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      fields[String(issue.path[0])] = "Use a date as YYYY-MM-DD";
    }
    throw invalid("The range needs dates as YYYY-MM-DD", fields);
  }
  const today = currentDay();
  const to = parsed.data.to && parsed.data.to < today ? parsed.data.to : today;
  const from = parsed.data.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw invalid("`from` must not be after `to`", { from: "After `to`" });
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span > MAX_RANGE_DAYS) {
    throw invalid(`A range is at most ${MAX_RANGE_DAYS} days`, { from: "Range too long" });
  }
  return { from, to };
}

async function sums(
  prefix: Deno.KvKey,
  from: string,
  to: string,
  each: (rest: Deno.KvKeyPart[], n: number) => void,
) {
  const selector = { start: [...prefix, from], end: [...prefix, to + "~"] };
  for await (const e of kv().list<Deno.KvU64>(selector, { batchSize: 1000 })) {
    each(e.key.slice(prefix.length), counterValue(e.value));
  }
}

/** Leads per visitor, to four decimals (0 without visitors). */
export const conversionRate = (leads: number, visitors: number) =>
  visitors > 0 ? Math.round((leads / visitors) * 10_000) / 10_000 : 0;

/** The figures of a page by day, without the ownership check (callers check). */
export async function pageAnalytics(
  pageId: string,
  range: { from: string; to: string },
): Promise<AnalyticsReport> {
  const { from, to } = range;
  const byDay = new Map<string, { views: number; visitors: number; leads: number }>();
  const sources = new Map<string, { visitors: number; leads: number }>();
  const campaigns = new Map<string, { visitors: number; leads: number }>();
  const devices = new Map<string, number>(DEVICES.map((d) => [d, 0]));
  await Promise.all([
    sums(k.anDays(pageId), from, to, ([day, metric], n) => {
      const row = byDay.get(String(day)) ?? { views: 0, visitors: 0, leads: 0 };
      if (metric === "views" || metric === "visitors" || metric === "leads") row[metric] += n;
      byDay.set(String(day), row);
    }),
    sums(k.anSources(pageId), from, to, ([, source, metric], n) => {
      const row = sources.get(String(source)) ?? { visitors: 0, leads: 0 };
      if (metric === "visitors" || metric === "leads") row[metric] += n;
      sources.set(String(source), row);
    }),
    sums(k.anCampaigns(pageId), from, to, ([, campaign, metric], n) => {
      const row = campaigns.get(String(campaign)) ?? { visitors: 0, leads: 0 };
      if (metric === "visitors" || metric === "leads") row[metric] += n;
      campaigns.set(String(campaign), row);
    }),
    sums(k.anDevices(pageId), from, to, ([, device], n) => {
      devices.set(String(device), (devices.get(String(device)) ?? 0) + n);
    }),
  ]);
  const days: AnalyticsReport["days"] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push({ date: d, ...(byDay.get(d) ?? { views: 0, visitors: 0, leads: 0 }) });
  }
  const totals = days.reduce(
    (t, d) => ({
      views: t.views + d.views,
      visitors: t.visitors + d.visitors,
      leads: t.leads + d.leads,
    }),
    { views: 0, visitors: 0, leads: 0 },
  );
  const ranked = <T extends { visitors: number; leads: number }>(rows: T[]) =>
    rows.sort((a, b) => b.visitors - a.visitors || b.leads - a.leads).slice(0, 100);
  return {
    from,
    to,
    days,
    totals: { ...totals, conversionRate: conversionRate(totals.leads, totals.visitors) },
    sources: ranked([...sources].map(([source, r]) => ({ source, ...r }))),
    campaigns: ranked([...campaigns].map(([utmCampaign, r]) => ({ utmCampaign, ...r }))),
    devices: [...devices].map(([device, visitors]) => ({ device, visitors })),
  };
}

/** The owner's analytics of their page (another user's page is a 404). */
export async function readAnalytics(
  userId: string,
  pageId: string,
  query: Record<string, string | undefined>,
): Promise<AnalyticsReport> {
  await getOwnPage(userId, pageId);
  return await pageAnalytics(pageId, parseRange(query));
}

/** The report as CSV: one row per day. */
export function analyticsCsv(report: AnalyticsReport): string {
  const rows = report.days.map((d) =>
    [d.date, d.views, d.visitors, d.leads, conversionRate(d.leads, d.visitors)].join(",")
  );
  return ["date,views,visitors,leads,conversionRate", ...rows].join("\r\n") + "\r\n";
}

export interface SummaryRow {
  pageId: string;
  name: string;
  views: number;
  visitors: number;
  leads: number;
  conversionRate: number;
}

/**
 * The last 30 days of each of `pages` (the caller's own, published ones) and their sum: one KV
 * range read per page, for the seller dashboard's summary card.
 */
export async function analyticsSummary(
  pages: { id: string; name: string }[],
): Promise<{ rows: SummaryRow[]; totals: Omit<SummaryRow, "pageId" | "name"> }> {
  const to = currentDay();
  const from = addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const rows = await Promise.all(pages.map(async (p) => {
    const t = { views: 0, visitors: 0, leads: 0 };
    await sums(k.anDays(p.id), from, to, ([, metric], n) => {
      if (metric === "views" || metric === "visitors" || metric === "leads") t[metric] += n;
    });
    return {
      pageId: p.id,
      name: p.name,
      ...t,
      conversionRate: conversionRate(t.leads, t.visitors),
    };
  }));
  const sum = (m: "views" | "visitors" | "leads") => rows.reduce((s, r) => s + r[m], 0);
  const totals = { views: sum("views"), visitors: sum("visitors"), leads: sum("leads") };
  return {
    rows: rows.sort((a, b) => b.visitors - a.visitors),
    totals: { ...totals, conversionRate: conversionRate(totals.leads, totals.visitors) },
  };
}
