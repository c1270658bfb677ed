// POST /api/payment/create: start a checkout for a listing or a bundle with a payment provider
// (a total of 0 is delivered at once: `checkoutUrl` null).
import { Hono } from "hono";
import { z } from "zod";
import { config } from "../../lib/config.ts";
import { type AppEnv, clientIp, jsonBody } from "../../lib/http/index.ts";
import { BUNDLE_MAX, createPayment, PROVIDERS } from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

const listingId = z.string().min(1).max(40);

/** One listing, or a bundle of several (`listingIds`), with an optional discount code. */
export const paymentSchema = z.object({
  listingId: listingId.optional(),
  listingIds: z.array(listingId).min(1).max(BUNDLE_MAX).optional(),
  provider: z.enum(PROVIDERS).optional(),
  discountCode: z.string().trim().max(40).optional(),
}).refine((v) => (v.listingId === undefined) !== (v.listingIds === undefined), {
  message: "Give either listingId or listingIds",
  path: ["listingId"],
});

app.post("/create", async (c) => {
  const user = requireUser(c);
  const { listingId, listingIds, provider, discountCode } = await jsonBody(c, paymentSchema);
  const { transaction, checkoutUrl } = await createPayment(user, listingIds ?? listingId!, {
    provider,
    ip: clientIp(c, config().trustProxy),
    discountCode,
  });
  return c.json({ transactionId: transaction.id, checkoutUrl }, 201);
});

export default app;
