// POST /api/payment/create: start a checkout for a listing with a payment provider.
import { Hono } from "hono";
import { z } from "zod";
import { config } from "../../lib/config.ts";
import { type AppEnv, clientIp, jsonBody } from "../../lib/http/index.ts";
import { createPayment, PROVIDERS } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/create", async (c) => {
  const user = requireUser(c);
  const { listingId, provider } = await jsonBody(
    c,
    z.object({ listingId: z.string().min(1).max(40), provider: z.enum(PROVIDERS).optional() }),
  );
  const { transaction, checkoutUrl } = await createPayment(user, listingId, {
    provider,
    ip: clientIp(c, config().trustProxy),
  });
  return c.json({ transactionId: transaction.id, checkoutUrl }, 201);
});

export default app;
