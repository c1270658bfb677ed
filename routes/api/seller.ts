// /api/seller: the signed-in user's own figures (views, leads, sales per page, 30 days), and a
// stream of them as they change.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { sseResponse } from "../../lib/realtime/index.ts";
import { readSellerStats, sellerTopic } from "../../lib/pages/seller-stats.ts";
import { requireUser, streamGuard } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/stats", async (c) => c.json(await readSellerStats(requireUser(c).id)));

app.get("/events", async (c) => {
  const user = requireUser(c);
  const snapshot = async (id: string) => ({
    id,
    type: "stats",
    data: (await readSellerStats(user.id)).figures,
  });
  return await sseResponse(c.req.raw, [sellerTopic(user.id)], {
    initial: [await snapshot("0")],
    map: (ev) => snapshot(ev.id),
    stillAllowed: streamGuard(c),
  });
});

export default app;
