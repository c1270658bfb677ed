// /api/admin/payouts: payout requests and marking them paid (admins only: see _middleware.ts).
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/index.ts";
import { pageById, pageParams } from "../../../lib/kv/index.ts";
import { listPayouts, markPayoutPaid } from "../../../lib/payments/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const page = pageParams(c.req.query());
  return c.json(pageById(await listPayouts(), page));
});

app.post("/:id/paid", async (c) => {
  return c.json({ payout: await markPayoutPaid(requireAdmin(c), c.req.param("id")) });
});

export default app;
