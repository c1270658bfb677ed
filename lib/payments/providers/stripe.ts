// Stripe: the client, webhook verification and parsing into the provider-neutral inputs of
// completion.ts and refunds.ts, Checkout Sessions, refunds, and signing events for the built-in
// test checkout. Everything a signed event carries is validated here: a malformed one is a 400.
import type Stripe from "stripe";
import { z } from "zod";
import { config } from "../../config.ts";
import { AppError } from "../../http/index.ts";
import type { Transaction } from "../model.ts";

// The stripe package is loaded on first use, not at start: it is a fifth of the app's start-up
// time, and a restart should answer its first request quickly.
let stripeModule: Promise<typeof Stripe> | null = null;
const StripeLib = () => stripeModule ??= import("stripe").then((m) => m.default);
let stripeClient: Stripe | null = null;
async function stripe(): Promise<Stripe> {
  const StripeCtor = await StripeLib();
  // Webhook verification needs no key; API calls happen only when STRIPE_SECRET_KEY is set.
  return stripeClient ??= new StripeCtor(config().stripeSecretKey ?? "sk_test_offline", {
    httpClient: StripeCtor.createFetchHttpClient(),
  });
}

/** Seconds a signature stays valid, into the past and (for clock skew) into the future. */
export const SIGNATURE_TOLERANCE_S = 300;

const invalidSignature = () =>
  new AppError(400, "invalid_signature", "The webhook signature is not valid");
const invalidEvent = (detail: string) =>
  new AppError(400, "invalid_event", `The webhook event is malformed: ${detail}`);

const id = z.string().min(1).max(255);
/** An expandable field: an id, or the object with its id; null when absent. */
const ref = z.union([id, z.object({ id })]).nullish()
  .transform((v) => typeof v === "string" ? v : v?.id ?? null);
// Stripe caps metadata keys at 40 and values at 500 characters; ids we look up stay well under
// KV's 2 KiB key limit.
const metadata = z.record(z.string().max(40), z.string().max(255)).nullish();
const amount = z.number().int().min(0);

const envelope = z.object({
  id,
  type: z.string().min(1).max(200),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const sessionSchema = z.object({
  id: id.nullish(),
  payment_intent: ref,
  payment_status: z.string().max(50).nullish(),
  amount_total: amount.nullish(),
  currency: z.string().max(10).nullish(),
  metadata,
});

const chargeSchema = z.object({
  id,
  payment_intent: ref,
  amount: amount.nullish(),
  amount_refunded: amount.nullish(),
  refunded: z.boolean().nullish(),
  metadata,
});

const disputeSchema = z.object({
  id,
  charge: ref,
  payment_intent: ref,
  amount: amount.nullish(),
  status: z.string().max(50).nullish(),
  metadata,
});

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw invalidEvent(`${what}${issue?.path.length ? `.${issue.path.join(".")}` : ""}`);
  }
  return r.data;
}

/** A verified event, reduced to what the app acts on. */
export type StripeInput =
  | { kind: "ignored"; eventId: string; type: string }
  | {
    kind: "checkout";
    eventId: string;
    type: string;
    paid: boolean;
    txId: string | null;
    paymentIntent: string | null;
    sessionId: string | null;
    amountPaid: number | null;
    currency: string | null;
  }
  | {
    kind: "refund";
    eventId: string;
    type: string;
    txId: string | null;
    paymentIntent: string | null;
    amountRefunded: number;
    fullyRefunded: boolean;
  }
  | {
    kind: "dispute";
    eventId: string;
    type: string;
    txId: string | null;
    paymentIntent: string | null;
    disputeId: string;
    status: "open" | "won" | "lost";
    amount: number;
  };

/** Verify a webhook's signature (not stale, not from the future) and parse what it says. */
export async function verifyStripeEvent(
  raw: string,
  signature: string | undefined,
): Promise<StripeInput> {
  const secret = config().stripeWebhookSecret;
  let event: unknown;
  try {
    if (!secret || !signature) throw new Error("unsigned");
    // Stripe's check refuses old timestamps only; one from the future would stay valid for ever.
    const now = Date.now() / 1000;
    const stamps = [...signature.matchAll(/(?:^|,)\s*t=([^,]*)/g)].map((m) => Number(m[1]));
    if (stamps.some((t) => !Number.isFinite(t) || t > now + SIGNATURE_TOLERANCE_S)) {
      throw new Error("future");
    }
    event = await (await stripe()).webhooks.constructEventAsync(
      raw,
      signature,
      secret,
      SIGNATURE_TOLERANCE_S,
      (await StripeLib()).createSubtleCryptoProvider(),
    );
  } catch {
    throw invalidSignature();
  }
  const { id: eventId, type, data } = parse(envelope, event, "event");
  const object = data.object;
  if (
    type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded"
  ) {
    const s = parse(sessionSchema, object, "data.object");
    return {
      kind: "checkout",
      eventId,
      type,
      // A delayed payment method (a bank debit) completes the session unpaid; the money is
      // confirmed later by async_payment_succeeded.
      paid: !s.payment_status || s.payment_status === "paid",
      txId: s.metadata?.transactionId ?? null,
      paymentIntent: s.payment_intent,
      sessionId: s.id ?? null,
      amountPaid: s.amount_total ?? null,
      currency: s.currency ?? null,
    };
  }
  if (type === "charge.refunded") {
    const c = parse(chargeSchema, object, "data.object");
    const refunded = c.amount_refunded ?? null;
    return {
      kind: "refund",
      eventId,
      type,
      txId: c.metadata?.transactionId ?? null,
      paymentIntent: c.payment_intent,
      amountRefunded: refunded ?? 0,
      // No figure given means the whole charge (the older form of this event).
      fullyRefunded: c.refunded === true || (refunded === null && c.refunded !== false) ||
        (refunded !== null && c.amount != null && refunded >= c.amount),
    };
  }
  if (type === "charge.dispute.created" || type === "charge.dispute.closed") {
    const d = parse(disputeSchema, object, "data.object");
    return {
      kind: "dispute",
      eventId,
      type,
      txId: d.metadata?.transactionId ?? null,
      paymentIntent: d.payment_intent,
      disputeId: d.id,
      // A closed dispute is won (or an inquiry closed without loss) unless it says lost.
      status: type === "charge.dispute.created" ? "open" : d.status === "lost" ? "lost" : "won",
      amount: d.amount ?? 0,
    };
  }
  return { kind: "ignored", eventId, type };
}

export async function createCheckoutSession(
  tx: Transaction,
  item: { title: string; email: string },
  urls: { success: string; cancel: string },
) {
  const session = await (await stripe()).checkout.sessions.create({
    mode: "payment",
    line_items: [{
      quantity: 1,
      price_data: {
        currency: tx.currency,
        unit_amount: tx.amount,
        product_data: { name: item.title },
      },
    }],
    customer_email: item.email,
    client_reference_id: tx.id,
    metadata: { transactionId: tx.id },
    // Charges, refunds and disputes then name the transaction too, whatever order they come in.
    payment_intent_data: { metadata: { transactionId: tx.id } },
    success_url: `${urls.success}?tx=${tx.id}`,
    cancel_url: `${urls.cancel}?tx=${tx.id}`,
  });
  return { id: session.id, url: session.url! };
}

/** Refund a transaction in Stripe (idempotent per transaction); the test checkout moves no money. */
export async function stripeRefund(tx: Transaction, part?: { orderId: string; amount: number }) {
  if (!config().stripeSecretKey || !tx.paymentIntentId) return;
  // One order of a bundle: a partial refund of the payment, once per order.
  await (await stripe()).refunds.create(
    { payment_intent: tx.paymentIntentId, ...(part ? { amount: part.amount } : {}) },
    { idempotencyKey: part ? `refund-${tx.id}-${part.orderId}` : `refund-${tx.id}` },
  );
}

/** A signed checkout.session.completed for `tx`, as Stripe would send it (test checkout). */
export async function signedTestCompletion(tx: Transaction, eventId: string) {
  const payload = JSON.stringify({
    id: eventId,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `cs_test_${tx.id}`,
        object: "checkout.session",
        amount_total: tx.amount,
        currency: tx.currency,
        payment_intent: `pi_test_${tx.id}`,
        payment_status: "paid",
        status: "complete",
        client_reference_id: tx.id,
        metadata: { transactionId: tx.id },
      },
    },
  });
  const signature = await (await stripe()).webhooks.generateTestHeaderStringAsync({
    payload,
    secret: config().stripeWebhookSecret,
  });
  return { payload, signature };
}
