// GET /api/orders: the signed-in user's purchases.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { pageById, pageParams } from "../../lib/kv/index.ts";
import { listOrdersOfBuyer } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  return c.json(pageById(await listOrdersOfBuyer(user.id), page));
});

export default app;
