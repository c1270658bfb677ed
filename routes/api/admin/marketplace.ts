// Admin: listing moderation, orders and refunds, payouts.
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody, parseWith, queryEnum } from "../../../lib/http/index.ts";
import { pageById, pageParams } from "../../../lib/kv/index.ts";
import { listListingsByStatus, reviewListing } from "../../../lib/market/index.ts";
import {
  listAllOrders,
  listPayouts,
  markPayoutPaid,
  refundOrder,
} from "../../../lib/payments/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  requireAdmin(c);
  await next();
});

const listingQuery = z.object({
  status: queryEnum(["pending", "approved", "rejected", "archived"]),
});

app.get("/marketplace", async (c) => {
  const { status } = parseWith(listingQuery, c.req.query());
  const page = pageParams(c.req.query());
  return c.json(pageById(await listListingsByStatus(status), page));
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

const orderQuery = z.object({ status: queryEnum(["delivered", "refunded"]) });

app.get("/orders", async (c) => {
  const { status } = parseWith(orderQuery, c.req.query());
  const page = pageParams(c.req.query());
  return c.json(pageById(await listAllOrders({ status }), page));
});

app.post("/orders/:id/refund", async (c) => {
  return c.json({ order: await refundOrder(c.req.param("id"), { admin: requireAdmin(c) }) });
});

app.get("/payouts", async (c) => {
  const page = pageParams(c.req.query());
  return c.json(pageById(await listPayouts(), page));
});

app.post("/payouts/:id/paid", async (c) => {
  return c.json({ payout: await markPayoutPaid(requireAdmin(c), c.req.param("id")) });
});

export default app;
