// The Stripe webhook: verify, parse, then one of completion (exactly once) or the payment's
// refund and dispute facts (refunds.ts). Event types we do not act on get a 2xx. VNPay's and
// MoMo's verified notifications (providers/vnpay.ts, momo.ts) settle through the same completion.
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { completeCheckout } from "./completion.ts";
import type { Transaction } from "./model.ts";
import type { ProviderPayment } from "./providers/provider.ts";
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

/** How a verified VNPay or MoMo notification ended, for the provider's own answer codes. */
export type ProviderOutcome = "confirmed" | "not_found" | "already_confirmed" | "invalid_amount";

/**
 * A VNPay or MoMo notification whose signature was verified: a paid one completes the
 * transaction through the same exactly-once commit as Stripe (keyed `<provider>:<transaction>`:
 * one payment per transaction), an unpaid one marks it failed (never delivered). Checks follow
 * VNPay's IPN order: the order, then the amount, then whether it was already confirmed.
 */
export async function settleProviderPayment(n: {
  provider: "vnpay" | "momo";
  txId: string;
  paid: boolean;
  /** Minor units of `currency`, as the provider reports them. */
  amount: number;
  currency: string;
  /** The provider's own transaction number. */
  providerRef: string;
  /** What a refund of this payment will name (kept in the completion's commit). */
  payment?: ProviderPayment;
}): Promise<ProviderOutcome> {
  const tx = (await kv().get<Transaction>(keys.transaction(n.txId))).value;
  if (!tx || (tx.provider ?? "stripe") !== n.provider) return "not_found";
  if (n.amount !== tx.amount || n.currency !== tx.currency) return "invalid_amount";
  if (tx.status !== "pending") return "already_confirmed";
  if (!n.paid) {
    return await retryAtomic<ProviderOutcome>(async (op) => {
      const entry = await kv().get<Transaction>(keys.transaction(tx.id));
      if (entry.value?.status !== "pending") return noCommit("already_confirmed");
      op.check(entry).set(keys.transaction(tx.id), {
        ...entry.value,
        status: "failed",
        completedAt: nowIso(),
      });
      return "confirmed";
    });
  }
  const result = await completeCheckout({
    eventId: `${n.provider}:${tx.id}`,
    type: `${n.provider}.paid`,
    txId: tx.id,
    paymentIntent: null,
    sessionId: `${n.provider}:${n.providerRef}`,
    amountPaid: n.amount,
    currency: n.currency,
    providerPayment: n.payment,
  });
  // A concurrent duplicate lost the race: it changed nothing.
  return result.orderId || result.refunded ? "confirmed" : "already_confirmed";
}
