// Admin: listing moderation, orders and refunds, payouts.
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../../lib/http.ts";
import { listListingsByStatus, reviewListing } from "../../../lib/marketplace.ts";
import { listAllOrders, listPayouts, markPayoutPaid, refundOrder } from "../../../lib/payments.ts";
import { requireAdmin } from "../../../lib/session.ts";

const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  requireAdmin(c);
  await next();
});

app.get("/marketplace", async (c) => {
  return c.json({ items: await listListingsByStatus(c.req.query("status")), cursor: null });
});

app.post("/marketplace/:id/approve", async (c) => {
  return c.json({
    listing: await reviewListing(requireAdmin(c), c.req.param("id"), { approve: true }),
  });
});

app.post("/marketplace/:id/reject", async (c) => {
  const { reason } = await jsonBody(c, z.object({ reason: z.string().trim().min(3).max(1000) }));
  const listing = await reviewListing(requireAdmin(c), c.req.param("id"), {
    approve: false,
    reason,
  });
  return c.json({ listing });
});

app.get("/orders", async (c) => {
  return c.json({ items: await listAllOrders({ status: c.req.query("status") }), cursor: null });
});

app.post("/orders/:id/refund", async (c) => {
  return c.json({ order: await refundOrder(c.req.param("id"), { admin: requireAdmin(c) }) });
});

app.get("/payouts", async (c) => {
  return c.json({ items: await listPayouts(), cursor: null });
});

app.post("/payouts/:id/paid", async (c) => {
  return c.json({ payout: await markPayoutPaid(requireAdmin(c), c.req.param("id")) });
});

export default app;
