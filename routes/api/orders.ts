// GET /api/orders: the signed-in user's purchases (one page, by KV cursor).
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { pageOrdersOfBuyer } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  return c.json(await pageOrdersOfBuyer(user.id, listParams(c.req.query())));
});

export default app;
