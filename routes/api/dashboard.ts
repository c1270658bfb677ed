// /api/dashboard: the platform figures (admins only), and a stream of them as they change.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { sseResponse } from "../../lib/realtime/index.ts";
import { DASHBOARD_TOPIC, readLiveStats, readStats } from "../../lib/admin/stats.ts";
import { streamGuard } from "../../lib/http/session.ts";
import { readCsat } from "../../lib/chat/index.ts";

const app = new Hono<AppEnv>();

// `csat`: the support ratings' average and count, overall and per agent.
app.get("/stats", async (c) => {
  const [stats, csat] = await Promise.all([readStats(), readCsat()]);
  return c.json({ ...stats, csat });
});

app.get("/events", async (c) => {
  // Beyond the contract's figures, each snapshot carries today's values of the charted series.
  const snapshot = { id: "0", type: "stats", data: await readLiveStats() };
  return await sseResponse(c.req.raw, [DASHBOARD_TOPIC], {
    initial: [snapshot],
    // Every change to a figure writes one dashboard event; each becomes a fresh snapshot.
    map: async (ev) => ({ id: ev.id, type: "stats", data: await readLiveStats() }),
    stillAllowed: streamGuard(c),
  });
});

export default app;
