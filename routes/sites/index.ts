// Requests whose Host is {slug}.{SITES_DOMAIN}: published pages and their forms. The app's
// routes, cookies and session never run here.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { config } from "../../lib/config.ts";
import { AppError, clientIp, errorBody, kvLimitError } from "../../lib/http/index.ts";
import { formThanks, submitLead } from "../../lib/leads/index.ts";
import { serveBlob } from "../../lib/uploads/index.ts";
import {
  notFoundSite,
  serveSite,
  siteNotice,
  siteRobots,
  siteSitemap,
} from "../../lib/sites/index.tsx";

export type SiteEnv = { Bindings: { slug: string; remoteAddr: Deno.NetAddr } };

const app = new Hono<SiteEnv>();

app.get("/", (c) => serveSite(c.req.raw, c.env.slug));
app.get("/uploads/:id", (c) => serveBlob(c.req.param("id")));
app.get("/robots.txt", (c) => siteRobots(c.env.slug));
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
      await submitLead(c.env.slug, c.req.param("blockId"), input, ip);
      if (isJson) return c.json({ ok: true }, 201);
      return c.redirect(`/thanks?form=${encodeURIComponent(c.req.param("blockId"))}`, 303);
    } catch (err) {
      if (isJson || !(err instanceof AppError)) throw err;
      const problems = Object.values(err.fields ?? {});
      return siteNotice(err.status, "Please check the form", [
        err.message,
        ...problems,
      ], err.headers);
    }
  },
);

app.get(
  "/thanks",
  async (c) =>
    siteNotice(200, "Thank you!", [await formThanks(c.env.slug, c.req.query("form") ?? "")]),
);

app.notFound(() => notFoundSite());
app.onError((err) => {
  const known = err instanceof AppError ? err : kvLimitError(err);
  if (!known) console.error("site error:", err);
  const appErr = known ?? new AppError(500, "internal_error", "Something went wrong");
  return Response.json(errorBody(appErr), { status: appErr.status, headers: appErr.headers });
});

/** The slug when `host` is a site host, else null. */
export function siteSlug(host: string | null, sitesDomain: string): string | null {
  if (!host) return null;
  const h = host.toLowerCase();
  const suffix = "." + sitesDomain.toLowerCase();
  if (!h.endsWith(suffix)) return null;
  const slug = h.slice(0, -suffix.length);
  return /^[a-z0-9-]{1,63}$/.test(slug) ? slug : null;
}

export default app;
