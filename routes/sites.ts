// Requests whose Host is {slug}.{SITES_DOMAIN}: published pages. The app's routes, cookies and
// session never run here.
import { Hono } from "hono";
import { notFoundSite, serveSite } from "../lib/sites.tsx";

export type SiteEnv = { Bindings: { slug: string; remoteAddr: Deno.NetAddr } };

const app = new Hono<SiteEnv>();

app.get("/", (c) => serveSite(c.req.raw, c.env.slug));

app.notFound(() => notFoundSite());
app.onError((err) => {
  console.error("site error:", err);
  return new Response("Something went wrong", { status: 500 });
});

/** The slug when `host` is a site host, else null. */
export function siteSlug(
  host: string | null,
  sitesDomain: string,
): string | null {
  if (!host) return null;
  const h = host.toLowerCase();
  const suffix = "." + sitesDomain.toLowerCase();
  if (!h.endsWith(suffix)) return null;
  const slug = h.slice(0, -suffix.length);
  return /^[a-z0-9-]{1,63}$/.test(slug) ? slug : null;
}

export default app;
