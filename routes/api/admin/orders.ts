// /api/admin/orders: every order, and refunds (admins only: see _middleware.ts).
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, parseWith, queryEnum } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { listAllOrders, refundOrder } from "../../../lib/payments/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

const orderQuery = z.object({ status: queryEnum(["delivered", "refunded"]) });

app.get("/", async (c) => {
  const { status } = parseWith(orderQuery, c.req.query());
  return c.json(await listAllOrders({ status }, listParams(c.req.query())));
});

app.post("/:id/refund", async (c) => {
  return c.json({ order: await refundOrder(c.req.param("id"), { admin: requireAdmin(c) }) });
});

export default app;
