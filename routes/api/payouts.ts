// /api/payouts: a seller asks for a payout and lists their payouts.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { listPayoutsPage, payoutSchema, requestPayout } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  const user = requireUser(c);
  const { amount, currency } = await jsonBody(c, payoutSchema);
  return c.json({ payout: await requestPayout(user, amount, currency) }, 201);
});

app.get("/", async (c) => {
  const user = requireUser(c);
  return c.json(await listPayoutsPage(user.id, listParams(c.req.query())));
});

export default app;
