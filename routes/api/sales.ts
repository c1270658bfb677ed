// GET /api/sales: the signed-in seller's orders (one page, by KV cursor) and balance.
import { getBalance } from "../../lib/auth/index.ts";
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { pageOrdersOfSeller } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const page = listParams(c.req.query());
  const [orders, balance] = await Promise.all([
    pageOrdersOfSeller(user.id, page),
    getBalance(user.id),
  ]);
  return c.json({ ...orders, balance });
});

export default app;
