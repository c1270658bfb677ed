// Requests whose Host is {slug}.{SITES_DOMAIN}: published pages and their forms. The app's
// routes, cookies and session never run here.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { config } from "../../lib/config.ts";
import { AppError, clientIp, errorBody, kvLimitError } from "../../lib/http/index.ts";
import { formThanks, submitLead } from "../../lib/leads/index.ts";
import { serveBlob } from "../../lib/uploads/index.ts";
import { leadSource } from "../../lib/analytics/index.ts";
import { blockHasForm } from "../../lib/blocks.ts";
import { t } from "../../lib/i18n/index.ts";
import {
  formProblemPage,
  getSite,
  notFoundSite,
  serveSite,
  siteLocale,
  siteNotice,
  siteRobots,
  siteSitemap,
} from "../../lib/sites/index.tsx";

export type SiteEnv = {
  Bindings: { slug: string; remoteAddr: Deno.NetAddr; requestId?: string };
};

const app = new Hono<SiteEnv>();

app.get("/", (c) => serveSite(c.req.raw, c.env.slug, c.env.remoteAddr, c.env.requestId));
app.get("/uploads/:id", (c) => serveBlob(c.req.param("id")));
app.get("/robots.txt", (c) => siteRobots(c.env.slug));
// Sites have no icon of their own (pages link an empty data: icon); browsers that ask anyway get
// an empty answer rather than a 404 in their console.
app.get(
  "/favicon.ico",
  () => new Response(null, { status: 204, headers: { "cache-control": "public, max-age=86400" } }),
);
app.get("/sitemap.xml", (c) => siteSitemap(c.env.slug));

app.post(
  "/forms/:blockId",
  bodyLimit({
    maxSize: 64 * 1024,
    onError: () => {
      throw new AppError(413, "payload_too_large", "The submission is too large");
    },
  }),
  async (c) => {
    const isJson = c.req.header("content-type")?.includes("application/json") ?? false;
    let input: Record<string, unknown>;
    try {
      const parsed = isJson ? JSON.parse(await c.req.text()) : await c.req.parseBody();
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
      input = parsed as Record<string, unknown>;
    } catch {
      throw new AppError(400, "malformed_body", "The submission could not be read");
    }
    try {
      const ip = clientIp(c, config().trustProxy);
      const source = leadSource(
        input,
        c.req.header("referer") ?? null,
        c.req.header("host") ?? null,
      );
      const ua = c.req.header("user-agent") ?? "";
      await submitLead(c.env.slug, c.req.param("blockId"), input, ip, source, ua);
      if (isJson) return c.json({ ok: true }, 201);
      return c.redirect(`/thanks?form=${encodeURIComponent(c.req.param("blockId"))}`, 303);
    } catch (err) {
      if (isJson || !(err instanceof AppError) || err.status >= 500) throw err;
      // The visitor posted without script: show the form again, in the site's look, with what
      // they typed and the problems at their fields (or say what happened, for a 429).
      const site = await getSite(c.env.slug);
      const form = site && blockHasForm(site.content, c.req.param("blockId"));
      if (!site || !form) return siteNotice(err.status, "Form not found", [err.message]);
      return formProblemPage(site.content, form, input, err);
    }
  },
);

app.get("/thanks", async (c) => {
  const locale = await siteLocale(c.env.slug);
  const thanks = await formThanks(c.env.slug, c.req.query("form") ?? "");
  return siteNotice(200, t(locale, "site.thanksTitle"), [thanks], {}, locale);
});

// In the site's own language: the page's content.locale.
app.notFound(async (c) => notFoundSite(await siteLocale(c.env.slug)));
app.onError((err, c) => {
  const known = err instanceof AppError ? err : kvLimitError(err);
  if (!known) console.error("site error:", err);
  const appErr = known ?? new AppError(500, "internal_error", "Something went wrong");
  // A visitor's plain form post (no script) gets a page, not JSON: an oversized or unreadable
  // submission, or a failure on our side.
  const contentType = c.req.header("content-type") ?? "";
  if (c.req.method === "POST" && !contentType.includes("application/json")) {
    const title = appErr.status === 413
      ? "Your message is too long"
      : appErr.status >= 500
      ? "Your message was not sent"
      : "Your message could not be read";
    return siteNotice(appErr.status, title, [
      appErr.status >= 500 ? "Something went wrong on our side; please try again." : appErr.message,
    ], appErr.headers);
  }
  return Response.json(errorBody(appErr), { status: appErr.status, headers: appErr.headers });
});

/**
 * A site request. The published page itself (GET or HEAD of `/`, any query) is nearly every
 * request a site gets, so it skips routing and goes straight to its prepared response; everything
 * else (and a page read that fails) goes through the router and its error pages.
 */
export function fetchSite(
  req: Request,
  env: SiteEnv["Bindings"],
  requestId?: string,
): Response | Promise<Response> {
  if (req.method === "GET" || req.method === "HEAD") {
    const url = req.url;
    const start = url.indexOf("/", url.indexOf("//") + 2);
    const end = url.indexOf("?", start);
    if (start >= 0 && (end < 0 ? url.length - start : end - start) === 1) {
      try {
        const res = serveSite(req, env.slug, env.remoteAddr, requestId);
        return res instanceof Promise
          ? res.catch(() => app.fetch(req, { ...env, requestId }))
          : res;
      } catch {
        return app.fetch(req, { ...env, requestId });
      }
    }
  }
  return app.fetch(req, { ...env, requestId });
}

/**
 * The slug when `host` is a site host, else null. Remembered per Host header (bounded: hosts
 * are the client's to choose), as every request asks it first.
 */
export function siteSlug(host: string | null, sitesDomain: string): string | null {
  if (!host) return null;
  // Only hosts a name can be (≤ 253 characters) are remembered: a client may send 64 kB ones.
  if (host.length > 253) return slugOf(host, sitesDomain);
  if (sitesDomain !== slugsDomain) {
    slugs.clear();
    slugsDomain = sitesDomain;
  }
  let slug = slugs.get(host);
  if (slug === undefined) {
    if (slugs.size >= 10_000) slugs.clear();
    slugs.set(host, slug = slugOf(host, sitesDomain));
  }
  return slug;
}
const slugs = new Map<string, string | null>();
let slugsDomain = "";
/** The characters of Host headers remembered (tests: what a client can make this hold). */
export const rememberedHostChars = () => [...slugs.keys()].reduce((n, h) => n + h.length, 0);

function slugOf(host: string, sitesDomain: string): string | null {
  const h = host.toLowerCase();
  const suffix = "." + sitesDomain.toLowerCase();
  if (!h.endsWith(suffix)) return null;
  const slug = h.slice(0, -suffix.length);
  return /^[a-z0-9-]{1,63}$/.test(slug) ? slug : null;
}

export default app;
