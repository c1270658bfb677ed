// /api/admin/payouts: payout requests and marking them paid (admins only: see _middleware.ts).
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { listPayoutsPage, markPaidSchema, markPayoutPaid } from "../../../lib/payments/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  return c.json(await listPayoutsPage(undefined, listParams(c.req.query())));
});

app.post("/:id/paid", async (c) => {
  const admin = requireAdmin(c);
  const { reference } = await jsonBody(c, markPaidSchema);
  return c.json({ payout: await markPayoutPaid(admin, c.req.param("id"), reference) });
});

export default app;
