// /api/payouts: a seller asks for a payout and lists their payouts.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { pageById, pageParams } from "../../lib/kv/index.ts";
import { listPayouts, payoutSchema, requestPayout } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  const user = requireUser(c);
  const { amount } = await jsonBody(c, payoutSchema);
  return c.json({ payout: await requestPayout(user, amount) }, 201);
});

app.get("/", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  return c.json(pageById(await listPayouts(user.id), page));
});

export default app;
