// POST /api/payment/create: start a checkout for a listing.
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { createPayment } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/create", async (c) => {
  const user = requireUser(c);
  const { listingId } = await jsonBody(c, z.object({ listingId: z.string().min(1).max(40) }));
  const { transaction, checkoutUrl } = await createPayment(user, listingId);
  return c.json({ transactionId: transaction.id, checkoutUrl }, 201);
});

export default app;
