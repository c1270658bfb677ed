// GET /metrics: Prometheus text for the operator's scraper, behind METRICS_TOKEN (404 when unset,
// so an unconfigured server does not even say it has metrics).
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/index.ts";
import { AppError } from "../lib/http/index.ts";
import { collectMetrics, configuredMetricsToken, metricsTokenMatches } from "../lib/ops/index.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  if (!configuredMetricsToken()) return c.notFound();
  const header = c.req.header("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!metricsTokenMatches(given)) {
    throw new AppError(
      401,
      "unauthorized",
      "A valid metrics token is required",
      undefined,
      undefined,
      {
        "www-authenticate": 'Bearer realm="metrics"',
      },
    );
  }
  return c.body(await collectMetrics(), 200, {
    "content-type": "text/plain; version=0.0.4; charset=utf-8",
    "cache-control": "no-store",
  });
});

export default app;
