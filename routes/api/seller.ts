// /api/seller: the signed-in user's own figures (views, leads, sales per page, 30 days), and a
// stream of them as they change.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { createDiscount, discountSchema, listDiscounts } from "../../lib/market/discounts.ts";
import { sseResponse } from "../../lib/realtime/index.ts";
import { readSellerStats, sellerTopic } from "../../lib/pages/seller-stats.ts";
import { requireUser, streamGuard } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/stats", async (c) => c.json(await readSellerStats(requireUser(c).id)));

// Discount codes for all the seller's listings (and the list of every code with its uses).
app.post("/discounts", async (c) => {
  const input = await jsonBody(c, discountSchema);
  return c.json({ discount: await createDiscount(requireUser(c), null, input) }, 201);
});

app.get("/discounts", async (c) => c.json({ items: await listDiscounts(requireUser(c).id) }));

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
