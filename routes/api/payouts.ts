// /api/payouts: a seller's payout details, payout requests and their list.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import {
  deletePayoutDetails,
  getOwnPayout,
  getPayoutDetails,
  listPayoutsPage,
  maskPayoutDetails,
  payoutDetailsSchema,
  payoutSchema,
  requestPayout,
  setPayoutDetails,
} from "../../lib/payments/index.ts";
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

// The details come back masked (last 4 digits), never in full.
app.get("/details", async (c) => {
  const details = await getPayoutDetails(requireUser(c).id);
  return c.json({ details: details && maskPayoutDetails(details) });
});

app.put("/details", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, payoutDetailsSchema);
  return c.json({ details: maskPayoutDetails(await setPayoutDetails(user.id, input)) });
});

app.delete("/details", async (c) => {
  await deletePayoutDetails(requireUser(c).id);
  return c.body(null, 204);
});

// After /details, so "details" is never read as a payout id.
app.get("/:id", async (c) => {
  return c.json({ payout: await getOwnPayout(requireUser(c).id, c.req.param("id")) });
});

export default app;
