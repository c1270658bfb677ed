// Starting a payment: one open checkout per buyer and listing, with Stripe Checkout or the
// built-in test checkout (which signs the same event Stripe would and posts it to our webhook).
import type { UserRecord } from "../auth/index.ts";
import { config } from "../config.ts";
import { AppError, conflict, notFound } from "../http/index.ts";
import { keys, kv, newId, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { isOnSale, isSellerSuspended, type Listing } from "../market/index.ts";
import type { Purchase, Transaction } from "./model.ts";
import { createCheckoutSession, signedTestCompletion } from "./providers/stripe.ts";

const checkoutUrls = () => ({
  success: `${config().appOrigin}/checkout/success`,
  cancel: `${config().appOrigin}/checkout/cancel`,
});

// Stripe Checkout Sessions expire after 24 h; an open one is offered again until shortly before.
const OPEN_CHECKOUT_MS = 23 * 3600 * 1000;

/**
 * Start a checkout for `listingId`. A buyer has at most one open checkout per listing: a second
 * Buy (another tab, a double click) gets the same one, so the template cannot be paid twice.
 */
export async function createPayment(
  buyer: UserRecord,
  listingId: string,
): Promise<{ transaction: Transaction; checkoutUrl: string }> {
  const listing = (await kv().get<Listing>(keys.listing(listingId))).value;
  if (!listing || listing.status !== "approved") throw notFound("Listing");
  if (listing.sellerId === buyer.id) {
    throw conflict("own_listing", "You cannot buy your own template");
  }
  if (!isOnSale(listing) || await isSellerSuspended(listing.sellerId)) {
    throw conflict("not_on_sale", "This template is not on sale at the moment");
  }
  const purchase = (await kv().get<Purchase>(keys.purchase(buyer.id, listingId))).value;
  if (purchase?.status === "delivered") {
    throw conflict("already_bought", "You already own this template");
  }
  // The Stripe session is made once, outside the retried commit (it is a network call).
  let fresh: Transaction | null = null;
  return await retryAtomic(async (op) => {
    const openEntry = await kv().get<string>(keys.openCheckout(buyer.id, listingId));
    const open = openEntry.value
      ? (await kv().get<Transaction>(keys.transaction(openEntry.value))).value
      : null;
    if (
      open?.status === "pending" && open.amount === listing.price &&
      Date.now() - Date.parse(open.createdAt) < OPEN_CHECKOUT_MS
    ) {
      // A concurrent Buy opened a checkout first (or this is a second click): offer that one.
      return noCommit({ transaction: open, checkoutUrl: open.checkoutUrl });
    }
    if (!fresh) {
      const id = newId();
      fresh = {
        id,
        listingId,
        buyerId: buyer.id,
        sellerId: listing.sellerId,
        amount: listing.price,
        currency: listing.currency,
        status: "pending",
        checkoutUrl: `${config().appOrigin}/checkout/test/${id}`,
        checkoutSessionId: null,
        paymentIntentId: null,
        orderId: null,
        createdAt: nowIso(),
        completedAt: null,
      };
      if (config().stripeSecretKey) {
        const session = await createCheckoutSession(fresh, {
          title: listing.title,
          email: buyer.email,
        }, checkoutUrls());
        fresh.checkoutSessionId = session.id;
        fresh.checkoutUrl = session.url;
      }
    }
    op.check(openEntry)
      .set(keys.transaction(fresh.id), fresh)
      .set(keys.openCheckout(buyer.id, listingId), fresh.id, { expireIn: OPEN_CHECKOUT_MS });
    return { transaction: fresh, checkoutUrl: fresh.checkoutUrl };
  });
}

export async function getOwnTransaction(buyerId: string, id: string) {
  const tx = (await kv().get<Transaction>(keys.transaction(id))).value;
  if (!tx || tx.buyerId !== buyerId) throw notFound("Transaction");
  return tx;
}

/** Sign a checkout.session.completed event for `tx` and post it to our own webhook. */
export async function payWithTestCheckout(buyerId: string, txId: string) {
  const tx = await getOwnTransaction(buyerId, txId);
  if (config().stripeSecretKey) throw notFound("Test checkout");
  if (tx.status !== "pending") {
    throw conflict("already_paid", `This payment is already ${tx.status}`);
  }
  const { payload, signature } = await signedTestCompletion(tx, `evt_test_${newId()}`);
  const res = await fetch(`${config().internalOrigin}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  await res.body?.cancel();
  if (!res.ok) throw new AppError(502, "payment_failed", "The payment could not be confirmed");
  return tx;
}
