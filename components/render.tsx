// Server rendering of app pages: layout, islands' scripts, CSS, and security headers.
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { collectIslands } from "./Island.tsx";
import { Layout } from "./Layout.tsx";
import { assets, type InlineStyle, pageInlineCss, styleHashSource } from "../lib/assets/index.ts";
import { scopedSiteCss } from "../lib/site-css.ts";
import type { AppEnv } from "../lib/http/index.ts";
import { config } from "../lib/config.ts";
import { DEFAULT_LOCALE, type Locale, type MessageKey, t } from "../lib/i18n/index.ts";
import { LocaleContext } from "../lib/i18n/context.ts";

/**
 * Hydrates islands marked `hydrate="interaction"` when the visitor first points at, focuses or
 * clicks inside one: the pointer or focus starts loading its script, and a click that arrives
 * first is held until the island is hydrated, then replayed on the same element; more clicks
 * while it waits are dropped (two replays would open and close it), and a load that failed is
 * tried again on the next click. Until then the page runs no island script at all (the
 * chat launcher on public pages: ~30 kB of script whose evaluation was Lighthouse's blocking time
 * on a slowed phone CPU). Inline, allowed by its hash.
 */
export const LAZY_ISLANDS_SCRIPT =
  `document.querySelectorAll("[data-hydrate=interaction]").forEach(function(el){var p,held;` +
  `function load(){return p||(p=import(el.dataset.src).then(function(){el.dataset.hydrated="1";},` +
  `function(x){p=null;throw x;}));}` +
  `function warm(){load().catch(function(){});}` +
  `el.addEventListener("pointerover",warm,{once:true});` +
  `el.addEventListener("focusin",warm,{once:true});` +
  `el.addEventListener("click",function(e){if(el.dataset.hydrated)return;` +
  `e.preventDefault();e.stopImmediatePropagation();if(held)return;held=1;var t=e.target;` +
  `load().then(function(){held=0;` +
  `t.dispatchEvent(new MouseEvent("click",{bubbles:true,cancelable:true}));},` +
  `function(){held=0;});},true);});`;

const cspHead = `default-src 'self'; script-src 'self' 'sha256-${
  createHash("sha256").update(LAZY_ISLANDS_SCRIPT).digest("base64")
}'`;
let cspTail: string | null = null;

/**
 * The app pages' CSP. Inline <style> elements are allowed by hash only: the stylesheet a
 * visitor's page inlines (`inlineStyle`, cut to that page) and the editor canvas's scoped site
 * CSS. Style attributes (island wrappers' display:contents, bar widths, theme gradients) stay
 * allowed through style-src-attr: they carry no selectors, so they cannot be used to read the
 * page. Everything but the page's own hash is built once per process.
 */
export function appCsp(inlineStyle?: InlineStyle): string {
  cspTail ??= [
    `${styleHashSource(scopedSiteCss(".lh-canvas"))}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: https:",
    "frame-src 'self' http: https:",
    "connect-src 'self'",
    "form-action 'self' https://checkout.stripe.com https://github.com",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  return `${cspHead}; style-src 'self' ${inlineStyle ? `${inlineStyle.source} ` : ""}${cspTail}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * What search engines and link previews read of a public page: a description, the canonical URL
 * (a path on the app's origin), an Open Graph image, and the Open Graph type.
 */
export interface Seo {
  description?: string;
  /** Path of the canonical URL ("/marketplace/abc"); also the og:url. */
  path?: string;
  /** An absolute URL or a path on the app's origin. */
  image?: string | null;
  type?: "website" | "product" | "profile";
  /** Keep the page out of search results (forms with state, error pages). */
  noindex?: boolean;
}

/** The description of pages that do not give their own. */
export const DEFAULT_DESCRIPTION =
  "LandingHub: build a landing page with blocks, publish it in a click, and buy or sell " +
  "templates in the marketplace.";

const absolute = (origin: string, url: string) =>
  /^https?:\/\//i.test(url) ? url : `${origin}${url.startsWith("/") ? "" : "/"}${url}`;

/** The <head> tags of `seo` for a page titled `title` (escaped). */
export function seoTags(title: string, seo: Seo = {}): string {
  const origin = config().appOrigin.replace(/\/$/, "");
  const description = (seo.description ?? DEFAULT_DESCRIPTION).replace(/\s+/g, " ").trim()
    .slice(0, 300);
  const url = seo.path !== undefined ? absolute(origin, seo.path) : null;
  const image = seo.image ? absolute(origin, seo.image) : null;
  const meta = (attr: "name" | "property", key: string, value: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(value)}">`;
  return [
    meta("name", "description", description),
    seo.noindex ? meta("name", "robots", "noindex") : "",
    url ? `<link rel="canonical" href="${escapeHtml(url)}">` : "",
    meta("property", "og:site_name", "LandingHub"),
    meta("property", "og:title", title),
    meta("property", "og:description", description),
    meta("property", "og:type", seo.type ?? "website"),
    url ? meta("property", "og:url", url) : "",
    image ? meta("property", "og:image", image) : "",
    meta("name", "twitter:card", image ? "summary_large_image" : "summary"),
    meta("name", "twitter:title", title),
    meta("name", "twitter:description", description),
    image ? meta("name", "twitter:image", image) : "",
  ].join("");
}

export interface PageOptions {
  title: string;
  /** Description, canonical URL and Open Graph tags (public pages). */
  seo?: Seo;
  active?: string;
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429;
  /** Render without the app header (auth pages, checkout). */
  bare?: boolean;
}

/**
 * Render a full HTML document around `body`. With `inlineCss` the app stylesheet, cut to the
 * rules this page's markup and islands can use, is inlined in <head> (allowed by its hash, which
 * `style` returns for the CSP) instead of linked: a visitor's first page then paints without a
 * render-blocking round trip and styles only what it shows. Signed-in pages link the whole
 * sheet, cached across the app.
 */
export function renderDocument(
  title: string,
  body: VNode,
  seo?: Seo,
  locale: Locale = DEFAULT_LOCALE,
  inlineCss = false,
): { html: string; style: InlineStyle | null } {
  const { result: html, islands, eager } = collectIslands(() => renderToString(body));
  const { css, islands: islandUrls } = assets();
  const scripts = eager
    .map((name) => `<script type="module" src="${islandUrls[name]}"></script>`)
    .join("");
  const lazy = islands.length > eager.length ? `<script>${LAZY_ISLANDS_SCRIPT}</script>` : "";
  const style = inlineCss ? pageInlineCss(html, islands) : null;
  const styles = style ? `<style>${style.text}</style>` : `<link rel="stylesheet" href="${css}">`;
  return {
    html: `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(title)} · LandingHub</title>` + seoTags(`${title} · LandingHub`, seo) +
      `<link rel="icon" href="/favicon.svg" type="image/svg+xml">` +
      `${styles}${scripts}</head><body>${html}${lazy}</body></html>`,
    style,
  };
}

export function page(c: Context<AppEnv>, opts: PageOptions, body: VNode) {
  const content = opts.bare ? body : (
    <Layout
      title={opts.title}
      user={c.get("user")}
      active={opts.active}
    >
      {body}
    </Layout>
  );
  c.header("x-frame-options", "SAMEORIGIN");
  // Cross-Origin-Opener-Policy: same-origin (secureHeaders) on signed-in pages, where a window
  // another site opened could leak something of the user's. A signed-out visitor's page depends
  // only on its URL and language, so it has nothing of theirs to leak; there the policy only made
  // Chrome move the page into a new browsing context group (a new renderer process) on arrival,
  // which Lighthouse counted as 150–250 ms of blocking time on a phone (sign-in 94 → 100).
  if (!c.get("user")) c.header("cross-origin-opener-policy", "unsafe-none");
  c.header("referrer-policy", "strict-origin-when-cross-origin");
  c.header("cache-control", "no-store");
  const locale = c.get("locale") ?? DEFAULT_LOCALE;
  // Visitors (public pages, sign-in/up) get the stylesheet inline; signed-in users link it.
  const doc = renderDocument(
    opts.title,
    <LocaleContext.Provider value={locale}>{content}</LocaleContext.Provider>,
    opts.seo,
    locale,
    !c.get("user"),
  );
  c.header("content-security-policy", appCsp(doc.style ?? undefined));
  return c.html(doc.html, opts.status ?? 200);
}

const ERROR_TITLES = new Set([400, 403, 404, 409, 413, 422, 429, 500]);

/** A friendly HTML error page (API routes answer with the JSON envelope instead). */
export function errorPage(
  c: Context<AppEnv>,
  status: number,
  message?: string,
) {
  const locale = c.get("locale") ?? DEFAULT_LOCALE;
  const title = t(locale, `error.${ERROR_TITLES.has(status) ? status : 500}` as MessageKey);
  const res = page(
    c,
    { title, seo: { noindex: true } },
    (
      <div class="mx-auto max-w-lg space-y-4 py-16 text-center">
        <p class="text-5xl font-bold text-brand-600">{status}</p>
        <h1 class="text-2xl font-semibold">{title}</h1>
        {message && <p class="text-slate-600">{message}</p>}
        <a class="btn btn-primary" href="/">{t(locale, "error.backHome")}</a>
      </div>
    ),
  );
  return new Response(res.body, { status, headers: res.headers });
}
