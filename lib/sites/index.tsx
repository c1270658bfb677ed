// Published sites: render a page to static HTML once at publish time, store it in KV, and serve
// it by Host with ETag/304, gzip and a strict CSP. User HTML is sanitised before it is stored.
import sanitizeHtml from "sanitize-html";
import { renderToString } from "preact-render-to-string";
import { createHash } from "node:crypto";
import { SiteBody } from "../../blocks/site.tsx";
import { COUNTDOWN_SCRIPT } from "../../blocks/countdown.tsx";
import type { Content } from "../blocks.ts";
import { keys, kv, nowIso } from "../kv/index.ts";
import { forgetSite, siteCache, type SiteCacheEntry } from "./cache.ts";
import { bumpStats } from "../admin/stats.ts";
import { bumpPageStat } from "../pages/seller-stats.ts";
import { defineJob } from "../queue/index.ts";
import { screenshot } from "./screenshots.ts";
import { saveBlob } from "../uploads/index.ts";
import { conflict, notFound } from "../http/index.ts";
import { syncListing } from "../market/listing-sync.ts";
import { type PageRecord, siteUrl, toView } from "../pages/index.ts";
import { SITE_CSS, themeVars } from "../site-css.ts";

/** What a published site may contain: no scripts, no event handlers, no javascript: URLs. */
export function sanitizeUserHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat([
      "img",
      "figure",
      "figcaption",
      "video",
      "source",
    ]),
    allowedAttributes: {
      a: ["href", "title", "target", "rel"],
      img: ["src", "alt", "width", "height", "loading"],
      video: ["src", "controls", "width", "height", "poster"],
      source: ["src", "type"],
      "*": ["class", "id"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["http", "https"] },
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", { rel: "noopener nofollow ugc" }),
    },
  });
}

function sanitizedContent(content: Content): Content {
  return {
    ...content,
    blocks: content.blocks.map((b) =>
      b.type === "html" ? { ...b, props: { html: sanitizeUserHtml(b.props.html) } } : b
    ),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The complete HTML document of a published page. */
export function renderSiteHtml(page: PageRecord): string {
  const content = sanitizedContent(page.content);
  const title = page.seo.title || page.name;
  const url = siteUrl(page.slug);
  const meta = [
    `<meta name="description" content="${esc(page.seo.description)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${esc(title)}">`,
    `<meta property="og:description" content="${esc(page.seo.description)}">`,
    `<meta property="og:url" content="${esc(url)}">`,
    page.seo.image ? `<meta property="og:image" content="${esc(page.seo.image)}">` : "",
    `<meta name="twitter:card" content="${page.seo.image ? "summary_large_image" : "summary"}">`,
    `<link rel="canonical" href="${esc(url)}">`,
    // No favicon of its own yet: an empty one spares every visit a request that would 404.
    `<link rel="icon" href="data:,">`,
  ].join("");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title>${meta}<style>${
      themeVars(content.theme)
    }${SITE_CSS}</style></head>` +
    `<body>${renderToString(<SiteBody content={content} />)}${
      content.blocks.some((b) => b.type === "countdown")
        ? `<script>${COUNTDOWN_SCRIPT}</script>`
        : ""
    }</body></html>`;
}

// The one script a published page may run (only pages with a countdown carry it).
const COUNTDOWN_HASH = createHash("sha256").update(COUNTDOWN_SCRIPT).digest("base64");

/** The stored form of a published site. */
export interface SiteRecord {
  pageId: string;
  ownerId: string;
  slug: string;
  etag: string;
  html: string;
  /** The form blocks' fields, so submissions validate without loading the page. */
  content: Content;
  publishedAt: string;
}

async function etagOf(html: string) {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(html),
  );
  return `"${
    Array.from(new Uint8Array(digest).slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")
  }"`;
}

// KV values are capped at 64 KiB; the rendered HTML is stored whole when it fits.
const MAX_SITE_BYTES = 60_000;

const makeThumbnail = defineJob<{ pageId: string }>("page.thumbnail", async ({ pageId }) => {
  const page = (await kv().get<PageRecord>(keys.page(pageId))).value;
  if (!page || page.status !== "published") return;
  const png = await screenshot(siteUrl(page.slug));
  if (!png) return;
  const blob = await saveBlob(png, "image/png", page.ownerId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await kv().get<PageRecord>(keys.page(pageId));
    if (!entry.value) return;
    const res = await kv().atomic().check(entry)
      .set(keys.page(pageId), { ...entry.value, thumbnailUrl: `/uploads/${blob.id}` }).commit();
    if (res.ok) return;
  }
});

export async function publishPage(userId: string, id: string) {
  const entry = await kv().get<PageRecord>(keys.page(id));
  const page = entry.value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  const html = renderSiteHtml(page);
  if (new TextEncoder().encode(html).length > MAX_SITE_BYTES) {
    throw conflict(
      "page_too_large",
      "This page is too large to publish; remove some blocks",
    );
  }
  const now = nowIso();
  const site: SiteRecord = {
    pageId: page.id,
    ownerId: page.ownerId,
    slug: page.slug,
    etag: await etagOf(html),
    html,
    content: page.content,
    publishedAt: now,
  };
  const next: PageRecord = {
    ...page,
    status: "published",
    publishedAt: now,
    updatedAt: now,
  };
  const op = kv().atomic().check(entry).set(keys.page(id), next).set(
    keys.site(page.slug),
    site,
  );
  if (page.status !== "published") bumpStats(op, { publishedPages: 1 });
  await syncListing(op, id, { published: true, previewUrl: siteUrl(page.slug) });
  await makeThumbnail({ pageId: id }, { atomic: op, delayMs: 500 });
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("busy", "The page changed while publishing; try again");
  }
  forgetSite(page.slug);
  return toView(next);
}

export async function unpublishPage(userId: string, id: string) {
  const entry = await kv().get<PageRecord>(keys.page(id));
  const page = entry.value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  const next: PageRecord = { ...page, status: "draft", updatedAt: nowIso() };
  const op = kv().atomic().check(entry).set(keys.page(id), next).delete(
    keys.site(page.slug),
  );
  if (page.status === "published") bumpStats(op, { publishedPages: -1 });
  await syncListing(op, id, { published: false, previewUrl: siteUrl(page.slug) });
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("busy", "The page changed while unpublishing; try again");
  }
  forgetSite(page.slug);
  return toView(next);
}

export async function getSite(slug: string): Promise<SiteRecord | null> {
  return (await kv().get<SiteRecord>(keys.site(slug), {
    consistency: "eventual",
  })).value;
}

export const SITE_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${COUNTDOWN_HASH}'`,
  "style-src 'unsafe-inline'",
  "img-src https: http: data:",
  "media-src https: http:",
  "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors *",
].join("; ");

export function siteHeaders(
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": SITE_CSP,
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
): Response {
  const body = lines.map((l) => `<p>${esc(l)}</p>`).join("");
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${
      esc(title)
    }</title>` +
    `<meta name="robots" content="noindex"><style>${NOTICE_THEME}${SITE_CSS}</style></head>` +
    `<body><div class="lh-notice"><h1>${esc(title)}</h1>${body}` +
    (status >= 400 ? `<p><a href="/">Back</a></p>` : `<p><a href="/">Back to the page</a></p>`) +
    `</div></body></html>`;
  return new Response(html, {
    status,
    headers: siteHeaders({ "cache-control": "no-store", ...headers }),
  });
}

export function notFoundSite(): Response {
  return siteNotice(404, "Page not found", ["There is no published page at this address."]);
}

// ---------- serving: an in-process cache validated against KV, and batched view counts

type CachedSite = SiteCacheEntry<SiteRecord>;

/** How long a cached site is served before its record is read again. */
const REVALIDATE_MS = 1000;
const cache = siteCache as Map<string, CachedSite | null>;
const pending = new Map<string, Promise<CachedSite | null>>();

async function gzip(bytes: Uint8Array<ArrayBuffer>) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function load(slug: string): Promise<CachedSite | null> {
  const site = await getSite(slug);
  const prev = cache.get(slug);
  if (site && prev && prev.site.etag === site.etag) {
    prev.checkedAt = Date.now();
    return prev;
  }
  const fresh = site
    ? await (async () => {
      const body = new TextEncoder().encode(site.html);
      return { site, body, gzip: await gzip(body), checkedAt: Date.now() };
    })()
    : null;
  if (cache.size > 5000) cache.clear();
  cache.set(slug, fresh);
  return fresh;
}

async function cachedSite(slug: string): Promise<CachedSite | null> {
  const hit = cache.get(slug);
  if (hit !== undefined && Date.now() - (hit?.checkedAt ?? 0) < REVALIDATE_MS) return hit;
  let p = pending.get(slug);
  if (!p) {
    p = load(slug).finally(() => pending.delete(slug));
    pending.set(slug, p);
  }
  return await p;
}

const views = new Map<string, number>();
let flushTimer: ReturnType<typeof setInterval> | undefined;

/** Write the counted views: one commit per page, not one write per request. */
export async function flushViews() {
  const batch = [...views];
  views.clear();
  for (const [pageId, n] of batch) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const entry = await kv().get<PageRecord>(keys.page(pageId));
      if (!entry.value) break;
      const op = kv().atomic().check(entry)
        .set(keys.page(pageId), { ...entry.value, viewCount: entry.value.viewCount + n });
      bumpStats(op, { views: n });
      bumpPageStat(op, entry.value, "views", n);
      if ((await op.commit()).ok) break;
    }
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

/** GET / on a site host. */
export async function serveSite(req: Request, slug: string): Promise<Response> {
  const hit = await cachedSite(slug);
  if (!hit) return notFoundSite();
  views.set(hit.site.pageId, (views.get(hit.site.pageId) ?? 0) + 1);
  const headers = siteHeaders({
    etag: hit.site.etag,
    "cache-control": "public, max-age=0, must-revalidate",
    vary: "Accept-Encoding",
  });
  if (noneMatch(req.headers.get("if-none-match"), hit.site.etag)) {
    return new Response(null, { status: 304, headers });
  }
  if (req.method === "HEAD") return new Response(null, { headers });
  if (/\bgzip\b/.test(req.headers.get("accept-encoding") ?? "")) {
    headers["content-encoding"] = "gzip";
    return new Response(hit.gzip, { headers });
  }
  return new Response(hit.body, { headers });
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
