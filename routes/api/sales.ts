// GET /api/sales: the signed-in seller's orders and balance.
import { getBalance } from "../../lib/auth/index.ts";
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { pageById, pageParams } from "../../lib/kv/index.ts";
import { listOrdersOfSeller } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  const [orders, balance] = await Promise.all([listOrdersOfSeller(user.id), getBalance(user.id)]);
  return c.json({ ...pageById(orders, page), balance });
});

export default app;
