// View counting for published sites (shared/API.md "Analytics"): a view is a GET answered with the
// page's HTML (200 or 304) to a client that is not a known bot and not a preview inside the app.
// Views are counted in memory and written in batches: one commit per page, not one per request.
// Each view also goes to the page's analytics (lib/analytics: visitors, sources, devices by day).
import { config } from "../config.ts";
import { keys, kv, noCommit, retryAtomic } from "../kv/index.ts";
import { bumpStats } from "../admin/stats.ts";
import { bumpPageStat } from "../pages/seller-stats.ts";
import type { PageRecord } from "../pages/index.ts";
import { recordVisit } from "../analytics/index.ts";

// Crawlers and unfurlers, headless/automated browsers and the usual scripted HTTP clients.
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|embedly|lighthouse|curl\/|wget\/|python-requests|go-http-client|headless|phantomjs|puppeteer|playwright|selenium|webdriver|axios\/|node-fetch|undici|okhttp|^java\/|libwww|httpx|aiohttp|scrapy|python-urllib/i;

/**
 * Whether a User-Agent is a known bot, crawler, link unfurler or scripted client. Every browser
 * sends one, so a missing or blank User-Agent is a script too.
 */
export function isBot(userAgent: string | null): boolean {
  if (!userAgent?.trim()) return true;
  // A handful of User-Agent strings make most traffic: remember their answer (bounded).
  const known = botAnswers.get(userAgent);
  if (known !== undefined) return known;
  const bot = BOT_UA.test(userAgent);
  if (botAnswers.size >= 1000) botAnswers.clear();
  botAnswers.set(userAgent, bot);
  return bot;
}
const botAnswers = new Map<string, boolean>();

/**
 * Whether a request is an in-app preview: the marketplace's preview iframe and any other frame
 * the app shows a site in. Browsers mark such a load `Sec-Fetch-Dest: iframe` and send the
 * embedding page's origin as Referer (the default strict-origin-when-cross-origin policy), so
 * a frame from the app's own origin is a preview; the same page framed elsewhere still counts.
 */
export function isAppPreview(
  req: Request,
  referer: string | null = req.headers.get("referer"),
): boolean {
  // Referer first: a direct visit sends none, and then Sec-Fetch-Dest need not be read.
  if (!referer) return false;
  if (req.headers.get("sec-fetch-dest") !== "iframe") return false;
  try {
    return new URL(referer).origin === new URL(config().appOrigin).origin;
  } catch {
    return false;
  }
}

/**
 * Whether serving the page's HTML (200 or 304) to `req` counts as a view; `userAgent` and
 * `referer` when the caller has already read them.
 */
export function countsAsView(
  req: Request,
  userAgent: string | null = req.headers.get("user-agent"),
  referer?: string | null,
): boolean {
  // An undefined `referer` takes isAppPreview's default: it reads the header itself.
  return req.method === "GET" && !isBot(userAgent) && !isAppPreview(req, referer);
}

const views = new Map<string, number>();
let flushTimer: ReturnType<typeof setInterval> | undefined;

/**
 * The visitor's address: the last X-Forwarded-For hop behind a trusted proxy (as clientIp does),
 * else the connection's peer.
 */
export function visitorAddress(req: Request, peer: string): string {
  if (config().trustProxy) {
    const xff = req.headers.get("x-forwarded-for");
    if (xff) return xff.slice(xff.lastIndexOf(",") + 1).trim();
  }
  return peer;
}

/**
 * Count one view of a page (written by the next flush); with the request, also its analytics
 * (visitor, source, device), all in memory. `userAgent` when the caller has already read it.
 */
export function countView(pageId: string, req?: Request, peer = "unknown", userAgent?: string) {
  views.set(pageId, (views.get(pageId) ?? 0) + 1);
  if (req) recordVisit(req, pageId, visitorAddress(req, peer), userAgent);
}

/** Write the counted views: one commit per page, not one write per request. */
export async function flushViews() {
  const batch = [...views];
  views.clear();
  for (const [pageId, n] of batch) {
    // Only the count changes: the stored entry (chunked or not) is updated as it is.
    await retryAtomic(async (op) => {
      const entry = await kv().get<PageRecord>(keys.page(pageId));
      if (!entry.value) return noCommit(undefined);
      op.check(entry)
        .set(keys.page(pageId), { ...entry.value, viewCount: entry.value.viewCount + n });
      bumpStats(op, { views: n });
      bumpPageStat(op, entry.value, "views", n);
    });
  }
}

export function startViewCounter(intervalMs = 2000) {
  flushTimer = setInterval(
    () => flushViews().catch((e) => console.error("view flush:", e)),
    intervalMs,
  );
}

export async function stopViewCounter() {
  clearInterval(flushTimer);
  await flushViews();
}
