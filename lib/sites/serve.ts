// Serving published sites by Host: an in-process cache validated against KV every second,
// ETag/304, gzip, a strict CSP, and the small notice pages of a site host.
import { createHash } from "node:crypto";
import { COUNTDOWN_SCRIPT } from "../../blocks/countdown.tsx";
import { siteUrl } from "../pages/index.ts";
import { SITE_CSS, themeVars } from "../site-css.ts";
import { siteCache, type SiteCacheEntry } from "./cache.ts";
import { countSiteCache } from "../ops/metrics.ts";
import { completeAnswers } from "../ops/request-id.ts";
import { type PreparedResponses, prepareResponses } from "./prepared-responses.ts";
import { getSite, type SiteRecord } from "./publish.ts";
import { esc } from "./render.tsx";
import { countsAsView, countView } from "./views.ts";
import { attributionInputs, withInputs } from "../analytics/index.ts";
import { liveExperiments } from "../experiments/live.ts";
import { type Locale, t } from "../i18n/index.ts";
import { config } from "../config.ts";
import { acceptsGzip } from "../http/accept-encoding.ts";
import { WIDGET_HASH, WIDGET_SCRIPT } from "./widget-script.ts";

// The one script a published page may run (only pages with a countdown carry it).
const COUNTDOWN_HASH = createHash("sha256").update(COUNTDOWN_SCRIPT).digest("base64");

export const SITE_CSP = [
  "default-src 'none'",
  // The second hash is the countdown script before its units were localised: pages published
  // before then keep ticking until they are published again.
  `script-src 'sha256-${COUNTDOWN_HASH}' 'sha256-rsxqudymy9Uy8uOsaD8tRFPyZF/eUguBgcKTIbAGA7M='`,
  "style-src 'unsafe-inline'",
  // No script may run but the countdown's, so this only lets crawlers' in-page checks (Lighthouse
  // reads robots.txt with fetch from the page) reach the site's own files.
  "connect-src 'self'",
  "img-src https: http: data:",
  "media-src https: http:",
  "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors *",
].join("; ");

/**
 * The CSP of a page with the support widget (lib/sites/widget-script.ts): its script too, and
 * the app's origin for the widget's requests. Built per call: the app origin is configuration.
 */
export function widgetCsp(): string {
  return SITE_CSP
    .replace("script-src ", `script-src 'sha256-${WIDGET_HASH}' `)
    .replace("connect-src 'self'", `connect-src 'self' ${config().appOrigin}`);
}

/** Whether a published document carries the widget (user HTML is sanitised: no scripts). */
export const hasWidget = (html: string) => html.includes(WIDGET_SCRIPT);

export function siteHeaders(
  extra: Record<string, string> = {},
  csp = SITE_CSP,
): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    ...extra,
  };
}

const NOTICE_THEME = themeVars({
  primaryColor: "#4f46e5",
  backgroundColor: "#ffffff",
  textColor: "#0f172a",
  font: "system",
  spacing: "normal",
  radius: "small",
});

/** A small page on a site host: 404s, form errors, thank-you. Text only, escaped. */
export function siteNotice(
  status: number,
  title: string,
  lines: string[],
  headers: Record<string, string> = {},
  locale: Locale = "en",
): Response {
  const body = lines.map((l) => `<p>${esc(l)}</p>`).join("");
  const html = `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${
      esc(title)
    }</title>` +
    `<meta name="robots" content="noindex"><style>${NOTICE_THEME}${SITE_CSS}</style></head>` +
    `<body><div class="lh-notice"><h1>${esc(title)}</h1>${body}` +
    `<p><a href="/">${esc(t(locale, status >= 400 ? "site.back" : "site.backToPage"))}</a></p>` +
    `</div></body></html>`;
  return new Response(html, {
    status,
    headers: siteHeaders({ "cache-control": "no-store", ...headers }),
  });
}

export function notFoundSite(locale: Locale = "en"): Response {
  return siteNotice(
    404,
    t(locale, "site.notFoundTitle"),
    [t(locale, "site.notFoundBody")],
    {},
    locale,
  );
}

/** The language of the site at `slug` (its page's content.locale); English for no site. */
export async function siteLocale(slug: string): Promise<Locale> {
  return (await cachedSite(slug))?.site.content.locale ?? "en";
}

/**
 * A cached site with its answers prepared: its Responses are built when the site is loaded
 * (once per publish, or after a restart), so a request only clones one and counts the view.
 */
type CachedSite = SiteCacheEntry<SiteRecord> & { responses: PreparedResponses };

/** How long a cached site is served before its record is read again. */
const REVALIDATE_MS = 1000;
const cache = siteCache as Map<string, CachedSite | null>;
const pending = new Map<string, Promise<CachedSite | null>>();

function prepare(site: SiteRecord): CachedSite {
  const headers = siteHeaders({
    etag: site.etag,
    "cache-control": "public, max-age=0, must-revalidate",
    vary: "Accept-Encoding",
  }, hasWidget(site.html) ? widgetCsp() : SITE_CSP);
  return { site, checkedAt: Date.now(), responses: prepareResponses(site.html, headers) };
}

async function load(slug: string): Promise<CachedSite | null> {
  const site = await getSite(slug);
  const prev = cache.get(slug);
  if (site && prev && prev.site.etag === site.etag) {
    prev.checkedAt = Date.now();
    return prev;
  }
  const fresh = site ? prepare(site) : null;
  if (cache.size > 5000) cache.clear();
  cache.set(slug, fresh);
  return fresh;
}

async function cachedSite(slug: string): Promise<CachedSite | null> {
  const hit = cache.get(slug);
  const fresh = hit !== undefined && Date.now() - (hit?.checkedAt ?? 0) < REVALIDATE_MS;
  countSiteCache(fresh);
  if (fresh) return hit;
  let p = pending.get(slug);
  if (!p) {
    p = load(slug).finally(() => pending.delete(slug));
    pending.set(slug, p);
  }
  return await p;
}

/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 §13.1.2): `*`, or any entity-tag in
 * the comma-separated list equal to it by weak comparison (`W/"x"` matches `"x"`).
 */
export function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  for (const [, tag] of header.matchAll(/(?:^|,)\s*(?:W\/)?("[^"]*")\s*(?=,|$)/g)) {
    if (tag === opaque) return true;
  }
  return false;
}

/**
 * GET / on a site host. A fresh cache hit is answered without awaiting anything: a clone of a
 * prepared Response, the view counted in memory (lib/sites/views.ts writes them in batches).
 */
export function serveSite(
  req: Request,
  slug: string,
  addr?: Deno.NetAddr,
  requestId?: string,
): Response | Promise<Response> {
  const hit = cache.get(slug);
  if (hit && Date.now() - hit.checkedAt < REVALIDATE_MS) return answer(req, hit, addr, requestId);
  return cachedSite(slug).then((site) =>
    site ? answer(req, site, addr, requestId) : notFoundSite()
  );
}

/**
 * A prepared page's answer: a clone of the one built when the page was loaded (see
 * lib/sites/prepared-responses.ts), complete as it is: no X-Request-Id below debug level (see
 * siteRequest in lib/ops/http.ts). At debug level the clone takes the request's id (a clone has
 * no native header list to lose). The Responses hold the page's bytes (Deno copies them in),
 * so the cache keeps no other copy.
 */
function reply(
  page: CachedSite,
  kind: keyof PreparedResponses,
  requestId: string | undefined,
): Response {
  const res = page.responses[kind].clone();
  if (requestId !== undefined) res.headers.set("x-request-id", requestId);
  completeAnswers.add(res);
  return res;
}

/** An answer built for this request, with its request id when it has one. */
function respond(
  body: string,
  headers: Record<string, string>,
  requestId: string | undefined,
): Response {
  const res = requestId === undefined
    ? new Response(body, { headers })
    : new Response(body, { headers: { ...headers, "x-request-id": requestId } });
  completeAnswers.add(res);
  return res;
}

/** Headers of a page served with attribution inputs: its own copy, never a shared cache's. */
const ATTRIBUTED_HEADERS = siteHeaders({ "cache-control": "private, no-store" });

function answer(
  req: Request,
  page: CachedSite,
  addr: Deno.NetAddr | undefined,
  requestId: string | undefined,
): Response {
  // A running A/B experiment answers with the visitor's variant (lib/experiments/serving.ts).
  // The User-Agent is read once here for the bot check, the variant and the visit: each
  // headers.get on a served request is a call into Deno's native request.
  const userAgent = req.headers.get("user-agent");
  const referer = req.headers.get("referer"); // likewise, for the preview check and the source
  const counts = countsAsView(req, userAgent, referer);
  const hit = liveExperiments.get(page.site.pageId)?.(req, page, addr, counts, userAgent ?? "") ??
    page;
  if (counts) countView(hit.site.pageId, req, addr?.hostname, userAgent ?? "");
  // A visit with utm_* or from another site gets its forms' hidden source inputs (see
  // lib/analytics/attribution.ts); every other visit gets the prepared response below.
  const inputs = req.method === "GET" ? attributionInputs(req, referer) : null;
  const tagged = inputs && withInputs(hit.site.html, inputs);
  if (tagged) {
    const headers = hasWidget(tagged)
      ? siteHeaders({ "cache-control": "private, no-store" }, widgetCsp())
      : ATTRIBUTED_HEADERS;
    return respond(tagged, headers, requestId);
  }
  if (noneMatch(req.headers.get("if-none-match"), hit.site.etag)) {
    return reply(hit, "notModified", requestId);
  }
  if (req.method === "HEAD") return reply(hit, "head", requestId);
  if (acceptsGzip(req.headers.get("accept-encoding"))) return reply(hit, "gzip", requestId);
  return reply(hit, "plain", requestId);
}

export async function siteRobots(slug: string): Promise<Response> {
  const hit = await cachedSite(slug);
  const body = hit
    ? `User-agent: *\nAllow: /\nSitemap: ${siteUrl(slug)}sitemap.xml\n`
    : "User-agent: *\nDisallow: /\n";
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function siteSitemap(slug: string): Promise<Response> {
  const hit = await cachedSite(slug);
  if (!hit) return notFoundSite();
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    `<url><loc>${
      esc(siteUrl(slug))
    }</loc><lastmod>${hit.site.publishedAt}</lastmod></url></urlset>\n`;
  return new Response(xml, { headers: { "content-type": "application/xml; charset=utf-8" } });
}
