// Platform counters for the live dashboard. Every change to a figure is written in the same
// atomic commit as the event it counts, together with a "dashboard" realtime event, so the
// figures always match the records and listeners learn of every change.
import { addToCounter, counterValue, keys, kv, readCounter } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { DASHBOARD_TOPIC } from "../realtime/topics.ts";

export const STAT_NAMES = [
  "users",
  "pages",
  "publishedPages",
  "listings",
  "pendingListings",
  "orders",
  "revenue",
  "platformFees",
  "openChats",
  "leads",
  "views",
] as const;

export type StatName = (typeof STAT_NAMES)[number];
/**
 * `revenue` and `platformFees` are the default currency's (usd) figures; every currency's are in
 * `revenueByCurrency` / `platformFeesByCurrency` (money in different currencies is never summed).
 */
export type Stats = Record<StatName, number> & {
  currency: string;
  revenueByCurrency: Record<string, number>;
  platformFeesByCurrency: Record<string, number>;
};

/** The currency of the plain `revenue` / `platformFees` counters (all sales before the split). */
export const STATS_CURRENCY = "usd";
/** Currencies the platform sells in; each has its own money counters. */
export const STAT_CURRENCIES = ["usd", "eur", "gbp", "vnd", "thb"] as const;
type MoneyStat = "revenue" | "platformFees";

/** The counter of a money figure in `currency`: the plain one for usd, `<name>:<currency>` else. */
export const moneyStat = (name: MoneyStat, currency: string) => {
  const cur = currency.toLowerCase();
  return cur === STATS_CURRENCY ? name : `${name}:${cur}`;
};

/** Count an order's money (in its own currency) and its order count inside `op`. */
export function bumpSales(
  op: Deno.AtomicOperation,
  currency: string,
  deltas: { orders: number; revenue: number; platformFees: number },
) {
  return bumpStats(op, {
    orders: deltas.orders,
    [moneyStat("revenue", currency)]: deltas.revenue,
    [moneyStat("platformFees", currency)]: deltas.platformFees,
  });
}

export { DASHBOARD_TOPIC };

/** Today's date (UTC), the key of the daily series. */
export const today = () => new Date().toISOString().slice(0, 10);

/** Add deltas to counters (and today's daily series) inside `op`, and wake dashboard listeners. */
export function bumpStats(
  op: Deno.AtomicOperation,
  deltas: Partial<Record<StatName, number>> & Record<string, number | undefined>,
) {
  const day = today();
  for (const [name, delta] of Object.entries(deltas)) {
    if (!delta) continue;
    addToCounter(op, keys.stat(name), delta);
    addToCounter(op, keys.statDaily(name, day), delta);
  }
  addEvent(op, DASHBOARD_TOPIC, "stats_changed", deltas);
  return op;
}

export async function readStats(): Promise<Stats> {
  const values = await Promise.all(STAT_NAMES.map((n) => readCounter(keys.stat(n))));
  const stats = Object.fromEntries(STAT_NAMES.map((n, i) => [n, values[i]])) as Record<
    StatName,
    number
  >;
  const byCurrency = async (name: MoneyStat) => {
    const out: Record<string, number> = {};
    const values = await Promise.all(
      STAT_CURRENCIES.map((c) => readCounter(keys.stat(moneyStat(name, c)))),
    );
    STAT_CURRENCIES.forEach((c, i) => {
      // The default currency is always shown; the others once they have sold.
      if (c === STATS_CURRENCY || values[i] !== 0) out[c] = values[i];
    });
    return out;
  };
  const [revenueByCurrency, platformFeesByCurrency] = await Promise.all([
    byCurrency("revenue"),
    byCurrency("platformFees"),
  ]);
  return { ...stats, currency: STATS_CURRENCY, revenueByCurrency, platformFeesByCurrency };
}

/** The figures the admin dashboard charts per day. */
export const CHARTED_STATS = ["revenue", "orders", "users", "leads"] as const;

/**
 * The figures, plus `day` and today's value of each charted series as `today:<name>`, so a live
 * chart can redraw its last bar (and roll over at midnight) from the same event as the tiles.
 */
export async function readLiveStats(): Promise<Record<string, number | string>> {
  const day = today();
  const [stats, todays] = await Promise.all([
    readStats(),
    Promise.all(CHARTED_STATS.map((n) => readCounter(keys.statDaily(n, day)))),
  ]);
  const { revenueByCurrency, platformFeesByCurrency, ...flat } = stats;
  // Live figures are flat: one `revenue:<currency>` / `platformFees:<currency>` per currency.
  const perCurrency: Record<string, number> = {};
  for (const [c, n] of Object.entries(revenueByCurrency)) perCurrency[`revenue:${c}`] = n;
  for (const [c, n] of Object.entries(platformFeesByCurrency)) perCurrency[`platformFees:${c}`] = n;
  return {
    ...flat,
    ...perCurrency,
    day,
    ...Object.fromEntries(CHARTED_STATS.map((n, i) => [`today:${n}`, todays[i]])),
  };
}

/** The last `days` days of one counter's daily series, oldest first (one KV range read). */
export async function readDailySeries(
  name: StatName,
  days = 30,
): Promise<{ day: string; value: number }[]> {
  const dayList: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    dayList.push(new Date(Date.now() - i * 86400000).toISOString().slice(0, 10));
  }
  const values = new Map<string, number>();
  const range = {
    start: keys.statDaily(name, dayList[0]),
    end: keys.statDaily(name, dayList[dayList.length - 1] + "~"),
  };
  for await (const e of kv().list<Deno.KvU64>(range)) {
    values.set(String(e.key[e.key.length - 1]), counterValue(e.value));
  }
  return dayList.map((day) => ({ day, value: values.get(day) ?? 0 }));
}
