// POST /api/webhooks/stripe: Stripe's signed events (no session, no Origin check: see main.ts).
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/index.ts";
import { handleStripeWebhook } from "../../../lib/payments/index.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  // The signature covers the exact bytes: read the body once, as text, before anything else.
  const raw = await c.req.text();
  const result = await handleStripeWebhook(raw, c.req.header("stripe-signature"));
  return c.json({ received: true, ...result });
});

export default app;
