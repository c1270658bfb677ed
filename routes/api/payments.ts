// Payments, the Stripe webhook, orders, sales and payouts.
import { getBalance } from "../../lib/auth/index.ts";
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { pageById, pageParams } from "../../lib/kv/index.ts";
import {
  createPayment,
  handleStripeWebhook,
  listOrdersOfBuyer,
  listOrdersOfSeller,
  listPayouts,
  payoutSchema,
  requestPayout,
} from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/payment/create", async (c) => {
  const user = requireUser(c);
  const { listingId } = await jsonBody(c, z.object({ listingId: z.string().min(1).max(40) }));
  const { transaction, checkoutUrl } = await createPayment(user, listingId);
  return c.json({ transactionId: transaction.id, checkoutUrl }, 201);
});

app.post("/webhooks/stripe", async (c) => {
  // The signature covers the exact bytes: read the body once, as text, before anything else.
  const raw = await c.req.text();
  const result = await handleStripeWebhook(raw, c.req.header("stripe-signature"));
  return c.json({ received: true, ...result });
});

app.get("/orders", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  return c.json(pageById(await listOrdersOfBuyer(user.id), page));
});

app.get("/sales", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  const [orders, balance] = await Promise.all([listOrdersOfSeller(user.id), getBalance(user.id)]);
  return c.json({ ...pageById(orders, page), balance });
});

app.post("/payouts", async (c) => {
  const user = requireUser(c);
  const { amount } = await jsonBody(c, payoutSchema);
  return c.json({ payout: await requestPayout(user, amount) }, 201);
});

app.get("/payouts", async (c) => {
  const user = requireUser(c);
  const page = pageParams(c.req.query());
  return c.json(pageById(await listPayouts(user.id), page));
});

export default app;
