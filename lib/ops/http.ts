// The request middleware of the app: a request id (echoed as X-Request-Id), one JSON log line per
// request and the request metrics. Published sites use `siteRequest` instead, which skips the
// log line below debug level to keep their hot path close to a bare Deno.serve.
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { completeAnswers, requestIdFrom } from "./request-id.ts";

export { requestIdFrom } from "./request-id.ts";
import { config } from "../config.ts";
import { type AppEnv, clientIp } from "../http/index.ts";
import { errorFields, log, logEnabled } from "./log.ts";
import { countRequest, countSiteRequest } from "./metrics.ts";

const ids = new WeakMap<Request, string>();

/** This request's id (for error logs). */
export function requestIdOf(c: Context): string {
  return ids.get(c.req.raw) ?? "";
}

/** Put the id on a response, copying it when its headers are immutable (Response.redirect). */
function withId(res: Response, id: string): Response {
  // Built complete (a prepared page): setting it would cost the page its native headers.
  if (completeAnswers.has(res)) return res;
  try {
    res.headers.set("x-request-id", id);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    copy.headers.set("x-request-id", id);
    return copy;
  }
}

/** The route pattern that answered: bounded label values, never the raw path. */
function routeLabel(c: Context, status: number): string {
  const pattern = routePath(c);
  if (status === 404 && (pattern === "*" || pattern === "/*" || pattern === "")) {
    return "(unmatched)";
  }
  return pattern || "(unmatched)";
}

export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const start = performance.now();
  const id = requestIdFrom(c.req.header("x-request-id"));
  ids.set(c.req.raw, id);
  try {
    await next();
  } finally {
    const status = c.res.status;
    const ms = performance.now() - start;
    const route = routeLabel(c, status);
    countRequest(c.req.method, route, status, ms);
    const level = status >= 500 ? "error" : "info";
    if (logEnabled(level)) {
      log(level, "request", {
        requestId: id,
        method: c.req.method,
        route,
        status,
        durationMs: Math.round(ms * 10) / 10,
        userId: c.get("user")?.id ?? undefined,
        ip: clientIp(c, config().trustProxy),
      });
    }
  }
  c.res = withId(c.res, id);
};

/** Log an unexpected error with its stack and the request it broke. */
export function logRequestError(c: Context, err: unknown) {
  log("error", "unhandled error", {
    requestId: requestIdOf(c),
    method: c.req.method,
    route: routePath(c),
    ...errorFields(err),
  });
}

/**
 * A published-site request: a counter always; the log line only at debug level (a JSON line per
 * page view costs more than the rest of a cached page's path). Below debug no log names a page
 * view, so the prepared page itself (lib/sites/serve.ts) goes without an X-Request-Id: making one
 * per view cost ~5 µs, a sixth of a bare server's whole budget per request, for an id nothing
 * records. Every other answer (errors, forms, files) gets one as before: the caller's, else new.
 */
export function siteRequest(
  req: Request,
  ip: string,
  serve: (requestId: string | undefined) => Response | Promise<Response>,
): Response | Promise<Response> {
  countSiteRequest();
  if (logEnabled("debug")) {
    return loggedSiteRequest(req, ip, requestIdFrom(req.headers.get("x-request-id")), serve);
  }
  // No extra async frame on the hot path.
  const res = serve(undefined);
  return res instanceof Promise ? res.then((r) => finishSite(req, r)) : finishSite(req, res);
}

/** A site's answer with its id: as it is when built complete, else the caller's or a new one. */
const finishSite = (req: Request, res: Response) =>
  completeAnswers.has(res) ? res : withId(res, requestIdFrom(req.headers.get("x-request-id")));

async function loggedSiteRequest(
  req: Request,
  ip: string,
  id: string,
  serve: (requestId: string) => Response | Promise<Response>,
): Promise<Response> {
  const start = performance.now();
  const res = withId(await serve(id), id);
  log("debug", "site request", {
    requestId: id,
    method: req.method,
    route: "site:" + new URL(req.url).pathname.replace(/^\/(uploads|forms)\/.*/, "/$1/:id"),
    status: res.status,
    durationMs: Math.round((performance.now() - start) * 10) / 10,
    ip,
  });
  return res;
}
