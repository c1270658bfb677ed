// Answering a request on a custom hostname once its target is known (main.ts's Host dispatch).
import { config } from "../config.ts";
import { notFoundSite } from "../sites/index.tsx";
import type { HostTarget } from "./cache.ts";

/** Serve `target`: the page through `site(slug)`, the apex → www redirect, or the sites' 404. */
export function serveCustomHost(
  req: Request,
  target: HostTarget,
  site: (slug: string) => Response | Promise<Response>,
): Response | Promise<Response> {
  if (!target) return notFoundSite();
  if ("slug" in target) return site(target.slug);
  const url = new URL(req.url);
  // Behind a TLS proxy the visitor's scheme is the proxy's to tell.
  const proto = config().trustProxy
    ? req.headers.get("x-forwarded-proto")?.split(",")[0].trim() || "http"
    : url.protocol.slice(0, -1);
  const location = `${
    proto === "https" ? "https" : "http"
  }://${target.redirect}${url.pathname}${url.search}`;
  const safe = req.method === "GET" || req.method === "HEAD";
  return new Response(null, {
    status: safe ? 301 : 308,
    headers: { location, "cache-control": "public, max-age=300" },
  });
}
