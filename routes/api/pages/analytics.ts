// /api/pages/:id/analytics: the owner's figures of one page by day, sources and campaigns for a
// range (default the last 30 days), as JSON or CSV, and a stream that says when they moved.
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/index.ts";
import { analyticsCsv, readAnalytics } from "../../../lib/analytics/index.ts";
import { getOwnPage } from "../../../lib/pages/index.ts";
import { sseResponse } from "../../../lib/realtime/index.ts";
import { analyticsTopic } from "../../../lib/realtime/topics.ts";
import { requireUser, streamGuard } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/:id/analytics", async (c) => {
  const user = requireUser(c);
  return c.json(await readAnalytics(user.id, c.req.param("id"), c.req.query()));
});

app.get("/:id/analytics.csv", async (c) => {
  const user = requireUser(c);
  const report = await readAnalytics(user.id, c.req.param("id"), c.req.query());
  return c.body(analyticsCsv(report), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="analytics-${
      c.req.param("id")
    }-${report.from}-${report.to}.csv"`,
  });
});

// One event per change (a flush that counted visits, a lead): the page refetches its range.
app.get("/:id/analytics/events", async (c) => {
  const user = requireUser(c);
  const page = await getOwnPage(user.id, c.req.param("id"));
  return await sseResponse(c.req.raw, [analyticsTopic(page.id)], {
    initial: [{ id: "0", type: "ready", data: {} }],
    stillAllowed: streamGuard(c),
  });
});

export default app;
