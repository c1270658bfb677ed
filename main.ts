// LandingHub server: Hono on Deno.serve. Requests for {slug}.{SITES_DOMAIN} go to published
// sites; everything else is the app (pages under routes/, JSON under routes/api/).
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { compress } from "hono/compress";
import { type AppConfig, config, loadConfig, setConfig } from "./lib/config.ts";
import { type AppEnv, AppError, errorBody, errorMessage, kvLimitError } from "./lib/http/index.ts";
import { fromAcceptLanguage, type Locale } from "./lib/i18n/index.ts";
import { closeKv, openKv } from "./lib/kv/index.ts";
import { startQueue, stopQueue } from "./lib/queue/index.ts";
import { closeHubs } from "./lib/realtime/index.ts";
import { startViewCounter, stopViewCounter } from "./lib/sites/index.tsx";
import { startBufferedFlush, stopBufferedFlush } from "./lib/kv/buffered.ts";
import { startExperiments, stopExperiments } from "./lib/experiments/index.ts";
import { serveBuilt, serveStatic } from "./lib/assets/index.ts";
import { originGuard, publicRoute, sessionMiddleware } from "./lib/http/session.ts";
import { ensureAdmin, resetKeyCache } from "./lib/auth/index.ts";
import { localeMiddleware } from "./lib/i18n/middleware.ts";
import { keepPrepared, preparedAnswer } from "./lib/http/prepared.ts";
import { errorPage } from "./components/render.tsx";
import { seedDemo } from "./lib/seed/index.ts";
import { backfillListIndexes } from "./lib/admin/backfill.ts";
import { mountRoutes } from "./routes/manifest.ts";
import { fetchSite, siteSlug } from "./routes/sites/index.ts";
import { customHostTarget } from "./lib/domains/cache.ts";
import { serveCustomHost } from "./lib/domains/serve.ts";
import {
  configureOps,
  flushLogs,
  gauge,
  log,
  logRequestError,
  requestContext,
  siteRequest,
} from "./lib/ops/index.ts";
import { Drain } from "./lib/ops/drain.ts";
import { queueInFlight } from "./lib/queue/index.ts";
import { streamCount } from "./lib/realtime/index.ts";

export function createApp() {
  const app = new Hono<AppEnv>();

  // First: the request id, the request log line and metrics see every answer, errors included.
  app.use("*", requestContext);
  app.use("*", appSecureHeaders());
  // HTML documents and built CSS/JS go out gzipped (a visitor's page with its inlined stylesheet
  // shrinks from ~75 kB to ~15 kB); JSON, event streams and downloads are left as they are.
  app.use("*", compress({ contentTypeFilter: /^text\/(html|css|javascript)\b/ }));
  app.get("/_static/*", publicRoute, serveBuilt);
  app.use("*", async (c, next) => {
    if (
      c.req.method === "GET" &&
      c.req.path.lastIndexOf(".") > c.req.path.lastIndexOf("/")
    ) {
      const res = await serveStatic(c);
      if (res) return res;
    }
    await next();
  });
  app.use("*", (c, next) => {
    // Uploads take larger bodies and enforce their own limit.
    if (c.req.path === "/api/uploads") return next();
    return bodyLimit({
      maxSize: config().bodyLimitBytes,
      onError: () => {
        throw new AppError(
          413,
          "payload_too_large",
          "The request body is too large",
        );
      },
    })(c, next);
  });
  app.use("*", sessionMiddleware);
  app.use("*", localeMiddleware);
  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/api/webhooks/")) return await next();
    // The site widget's routes are cross-origin by design and accept only the site's own Origin.
    if (/^\/api\/sites\/[^/]+\/chat(\/|$)/.test(c.req.path)) return await next();
    return await originGuard(c, next);
  });

  // Every router, its URL prefix and its guard: routes/manifest.ts.
  mountRoutes(app);

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) {
      return c.json(
        errorBody(new AppError(404, "not_found", "No such route"), errorLocale(c)),
        404,
      );
    }
    return errorPage(c, 404);
  });

  app.onError((err, c) => {
    const known = err instanceof AppError ? err : kvLimitError(err);
    if (!known) logRequestError(c, err);
    const appErr = known ??
      new AppError(500, "internal_error", "Something went wrong on our side");
    if (appErr.headers) {
      for (const [k, v] of Object.entries(appErr.headers)) c.header(k, v);
    }
    if (
      c.req.path.startsWith("/api/") ||
      !c.req.header("accept")?.includes("text/html")
    ) {
      return c.json(errorBody(appErr, errorLocale(c)), appErr.status);
    }
    if (appErr.status === 401) {
      return c.redirect(
        `/auth/login?next=${encodeURIComponent(c.req.path)}`,
        303,
      );
    }
    return errorPage(c, appErr.status, errorMessage(appErr, errorLocale(c)));
  });

  return app;
}

/**
 * The language of an error's message: the request's (lib/i18n/middleware.ts), or for an error
 * raised before that middleware ran (an oversized body), its Accept-Language.
 */
function errorLocale(c: Context<AppEnv>): Locale {
  return c.get("locale") ?? fromAcceptLanguage(c.req.header("accept-language")) ?? "en";
}

/**
 * Hono's secureHeaders on every app response, keeping what a handler set itself (page() sets the
 * app's CSP; the owner's preview its own frame-ancestors). HSTS only when the app is served over
 * https: on http it would be ignored, and on localhost it would pin https for every local app.
 * Cross-Origin-Resource-Policy stays unset: published sites on other hosts embed /uploads images.
 */
function appSecureHeaders(): MiddlewareHandler {
  const base = {
    crossOriginResourcePolicy: false,
    referrerPolicy: "strict-origin-when-cross-origin",
    overwrite: false,
  };
  const onHttps = secureHeaders({ ...base, strictTransportSecurity: "max-age=31536000" });
  const onHttp = secureHeaders({ ...base, strictTransportSecurity: false });
  return (c, next) =>
    config().appOrigin.startsWith("https://") ? onHttps(c, next) : onHttp(c, next);
}

export interface RunningServer {
  port: number;
  origin: string;
  config: AppConfig;
  close: () => Promise<void>;
}

/** Open KV, start the queue, seed demo data on an empty store, and serve. */
export async function startServer(
  env: Record<string, string | undefined> = Deno.env.toObject(),
  opts: { quiet?: boolean } = {},
): Promise<RunningServer> {
  let cfg = setConfig(loadConfig(env));
  configureOps(env);
  gauge("landinghub_sse_streams_open", "Open event streams.", streamCount);
  gauge("landinghub_queue_jobs_in_flight", "Queue jobs running now.", queueInFlight);
  resetKeyCache();
  await openKv(cfg);
  await backfillListIndexes(); // before the queue's jobs write: see lib/admin/backfill.ts
  startQueue(cfg.queueBackend);
  startViewCounter();
  startBufferedFlush();
  await startExperiments();
  const app = createApp();
  // Until the admin and the demo data exist, every request (health too) is told to come back.
  let ready = false;
  const drain = new Drain(); // shutdown: see close() and lib/ops/drain.ts
  const server = Deno.serve(
    { port: cfg.port, hostname: env.HOSTNAME ?? "0.0.0.0", onListen: () => {} },
    drain.track((req, info) => {
      if (!ready) {
        return Response.json(
          errorBody(
            new AppError(503, "starting", "The server is starting, try again shortly"),
            fromAcceptLanguage(req.headers.get("accept-language")) ?? "en",
          ),
          { status: 503, headers: { "retry-after": "1" } },
        );
      }
      const host = req.headers.get("host");
      // Read once: each read of info.remoteAddr is a call into Deno and a new object.
      const remoteAddr = info.remoteAddr;
      const slug = siteSlug(host, config().sitesDomain);
      if (slug) {
        return siteRequest(
          req,
          remoteAddr.hostname,
          (id) => fetchSite(req, { slug, remoteAddr }, id),
        );
      }
      // A custom domain's host serves its page like the subdomain (a known one from memory).
      const custom = customHostTarget(host);
      if (custom === undefined) {
        // A signed-out visitor's page prepared in memory (lib/http/prepared.ts), else the app.
        const prepared = preparedAnswer(req, remoteAddr);
        if (prepared) return prepared;
        const res = app.fetch(req, { remoteAddr });
        return res instanceof Promise
          ? res.then((r) => keepPrepared(req, r))
          : keepPrepared(req, res);
      }
      const serve = (t: Awaited<typeof custom>) =>
        siteRequest(
          req,
          remoteAddr.hostname,
          (id) =>
            serveCustomHost(
              req,
              t,
              (slug) => fetchSite(req, { slug, remoteAddr }, id),
            ),
        );
      return custom instanceof Promise ? custom.then(serve) : serve(custom);
    }),
  );
  const port = server.addr.port;
  if (cfg.port === 0) {
    // A random port (tests): derive the origins from the port we actually got.
    cfg = setConfig(loadConfig({ ...env, PORT: String(port) }));
  }
  if (cfg.adminEmail && cfg.adminPassword) {
    await ensureAdmin(cfg.adminEmail, cfg.adminPassword);
  }
  const seeded = cfg.seedDemo ? await seedDemo() : null;
  ready = true;
  if (!opts.quiet) {
    console.log(`LandingHub on ${cfg.appOrigin}`);
    if (seeded) { for (const line of seeded) console.log(line); }
  }
  return {
    port,
    origin: cfg.appOrigin,
    config: cfg,
    close: async () => {
      // End the event streams (with a retry hint, so clients come back to the next instance):
      // a stream never ends on its own. Then let running handlers finish, new requests turned
      // away, before the listener closes (Deno's shutdown cuts bodies still arriving), and wait
      // for the responses to be written.
      closeHubs(SSE_RETRY_AFTER_SHUTDOWN_MS);
      const start = Date.now();
      const settled = await drain.settle(SHUTDOWN_GRACE_MS);
      const drained = server.shutdown();
      const left = Math.max(0, SHUTDOWN_GRACE_MS - (Date.now() - start));
      const timedOut = !settled || await bounded(drained, left);
      if (timedOut) log("warn", "shutdown: requests still running after the grace period");
      await stopExperiments();
      await stopViewCounter();
      await stopBufferedFlush();
      await stopQueue(SHUTDOWN_GRACE_MS);
      closeKv();
      flushLogs();
    },
  };
}

/** How long shutdown waits for in-flight requests, then again for running queue jobs. */
const SHUTDOWN_GRACE_MS = 10_000;
const SSE_RETRY_AFTER_SHUTDOWN_MS = 3000;

/** Waits for `p` at most `ms`; true when the time ran out first. */
async function bounded(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((r) => timer = setTimeout(() => r(true), ms));
  try {
    return await Promise.race([p.then(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

if (import.meta.main) {
  const running = await startServer();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("info", "shutdown: signal received, draining");
    await running.close();
    log("info", "shutdown: done");
    flushLogs(); // lines wait up to 20 ms (lib/ops/log.ts); exit would drop them
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
