// /api/admin/payouts: payout requests and marking them paid (admins only: see _middleware.ts).
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { listPayoutsPage, markPayoutPaid } from "../../../lib/payments/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  return c.json(await listPayoutsPage(undefined, listParams(c.req.query())));
});

app.post("/:id/paid", async (c) => {
  return c.json({ payout: await markPayoutPaid(requireAdmin(c), c.req.param("id")) });
});

export default app;
