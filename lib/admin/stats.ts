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
export type Stats = Record<StatName, number> & { currency: string };

export { DASHBOARD_TOPIC };

/** Today's date (UTC), the key of the daily series. */
export const today = () => new Date().toISOString().slice(0, 10);

/** Add deltas to counters (and today's daily series) inside `op`, and wake dashboard listeners. */
export function bumpStats(op: Deno.AtomicOperation, deltas: Partial<Record<StatName, number>>) {
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
  return { ...stats, currency: "usd" };
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
  return {
    ...stats,
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
