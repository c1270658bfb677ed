// The Stripe webhook: verify, parse, then one of completion (exactly once) or the payment's
// refund and dispute facts (refunds.ts). Event types we do not act on get a 2xx.
import { completeCheckout } from "./completion.ts";
import { verifyStripeEvent } from "./providers/stripe.ts";
import { recordPaymentFacts } from "./refunds.ts";

/** Verify and apply a Stripe webhook. Bad or stale signatures and malformed events are a 400. */
export async function handleStripeWebhook(
  raw: string,
  signature: string | undefined,
): Promise<Record<string, unknown>> {
  const input = await verifyStripeEvent(raw, signature);
  switch (input.kind) {
    case "checkout":
      if (!input.paid) return { pending: true };
      return await completeCheckout(input);
    case "refund":
      return await recordPaymentFacts(input.eventId, input, {
        amountRefunded: input.amountRefunded,
        fullyRefunded: input.fullyRefunded,
      });
    case "dispute":
      return await recordPaymentFacts(input.eventId, input, {
        disputes: { [input.disputeId]: { status: input.status, amount: input.amount } },
      });
    default:
      return { ignored: true };
  }
}
