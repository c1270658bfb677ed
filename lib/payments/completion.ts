// The exactly-once completion of a paid transaction, for every provider: one atomic commit,
// keyed by the provider's event id, makes the order, the buyer's copy, the seller's held credit
// and the figures. Redelivered, reordered and concurrent events change nothing after the first.
// Refunds and disputes that arrived earlier (see refunds.ts) are applied in the same commit; a
// payment already fully refunded is never delivered.
import { bumpSales } from "../admin/stats.ts";
import { config } from "../config.ts";
import { keys, kv, newId, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import {
  approvedVersion,
  isOnSale,
  isSellerSuspended,
  type Listing,
  writeListing,
} from "../market/index.ts";
import { freeSlug, getPage, newPageRecord, writeNewPage } from "../pages/index.ts";
import { bumpPageStat, revenueMetric } from "../pages/seller-stats.ts";
import { addEvent } from "../realtime/index.ts";
import { balanceEntry } from "./balances.ts";
import { formatMoney } from "./index.ts";
import { type Order, platformFee, type Purchase, type Transaction } from "./model.ts";
import { mailOrderParties, refundPayment, releaseFunds } from "./notify.ts";
import { indexOrderStatus } from "./orders.ts";
import { factRefs, readFacts, reversedTotal, settleOrder } from "./refunds.ts";

/** A provider's word that a transaction was paid. */
export interface PaidCheckout {
  eventId: string;
  type: string;
  txId: string | null;
  paymentIntent: string | null;
  sessionId: string | null;
  /** As the provider reports them; null when it does not say. */
  amountPaid: number | null;
  currency: string | null;
}

const recordEvent = (op: Deno.AtomicOperation, paid: PaidCheckout, effect: boolean) =>
  op.set(keys.stripeEvent(paid.eventId), { type: paid.type, at: nowIso(), effect });

export async function completeCheckout(paid: PaidCheckout): Promise<Record<string, unknown>> {
  return await retryAtomic<Record<string, unknown>>(async (op) => {
    const evEntry = await kv().get(keys.stripeEvent(paid.eventId));
    if (evEntry.value) return noCommit({ duplicate: true });
    op.check(evEntry);
    const txEntry = paid.txId ? await kv().get<Transaction>(keys.transaction(paid.txId)) : null;
    const tx = txEntry?.value;
    if (!txEntry || !tx || tx.status !== "pending") {
      // Unknown, already completed, or refunded before it completed: remember the event only.
      recordEvent(op, paid, false);
      return { ignored: true };
    }
    op.check(txEntry);
    const pi = paid.paymentIntent;
    const { facts, entries: factEntries } = await readFacts(factRefs(tx.id, pi));
    op.check(...factEntries);
    const purchaseEntry = await kv().get<Purchase>(keys.purchase(tx.buyerId, tx.listingId));
    const listingEntry = await kv().get<Listing>(keys.listing(tx.listingId));
    op.check(purchaseEntry, listingEntry);
    const listing = listingEntry.value;
    const sellable = listing && isOnSale(listing) && !(await isSellerSuspended(listing.sellerId));
    const page = sellable ? await getPage(listing.pageId) : null;
    // The buyer gets the version an admin approved (older listings: the page as published).
    const source = page && listing && await approvedVersion(listing, page.slug);
    // An order is made only for the price that was asked (sessions we create always match).
    const priceMatches = (paid.amountPaid ?? tx.amount) === tx.amount &&
      (paid.currency ?? tx.currency) === tx.currency;
    const now = nowIso();
    if (reversedTotal(tx.amount, facts) >= tx.amount) {
      // Refunded (or lost to a dispute) before it completed: nothing to deliver or refund.
      recordEvent(op, paid, true);
      op.set(keys.transaction(tx.id), {
        ...tx,
        status: "refunded",
        paymentIntentId: pi,
        completedAt: now,
      });
      if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
      return { refunded: tx.id };
    }
    if (
      purchaseEntry.value?.status === "delivered" || !listing || !page || !source || !priceMatches
    ) {
      const reason = purchaseEntry.value?.status === "delivered"
        ? "You already own this template"
        : priceMatches
        ? "The template was taken off sale before your payment completed"
        : "The amount paid did not match the price";
      await refundUndeliverable(op, paid, tx, reason);
      return { refunded: tx.id };
    }
    const { entry: balEntry, balance } = await balanceEntry(tx.sellerId, tx.currency);
    op.check(balEntry);
    const fee = platformFee(tx.amount);
    const copy = newPageRecord(tx.buyerId, {
      name: listing.title,
      slug: await freeSlug(listing.title),
      content: structuredClone(source.content),
      seo: source.seo ?? page.seo,
      sourceListingId: listing.id,
    });
    const order: Order = {
      id: newId(),
      listingId: listing.id,
      transactionId: tx.id,
      buyerId: tx.buyerId,
      sellerId: tx.sellerId,
      title: listing.title,
      licence: listing.licence ?? "personal",
      createdPageId: copy.id,
      price: tx.amount,
      currency: tx.currency,
      platformFee: fee,
      sellerAmount: tx.amount - fee,
      status: "delivered",
      released: false,
      createdAt: now,
      refundedAt: null,
      refundedAmount: 0,
      refundedFee: 0,
      refundedSellerAmount: 0,
      disputed: false,
      refundNote: null,
    };
    const completed: Transaction = {
      ...tx,
      status: "completed",
      completedAt: now,
      orderId: order.id,
      paymentIntentId: pi,
      checkoutSessionId: paid.sessionId ?? tx.checkoutSessionId,
    };
    const sold: Listing = { ...listing, soldCount: listing.soldCount + 1 };
    recordEvent(op, paid, true)
      .set(keys.transaction(tx.id), completed)
      .set(keys.ordersByBuyer(order.buyerId, order.id), order.id)
      .set(keys.ordersBySeller(order.sellerId, order.id), order.id)
      .set(keys.purchase(order.buyerId, listing.id), { orderId: order.id, status: "delivered" });
    if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
    writeNewPage(op, copy);
    bumpSales(op, order.currency, { orders: 1, revenue: order.price, platformFees: fee });
    const soldPage = { id: listing.pageId, ownerId: listing.sellerId };
    bumpPageStat(op, soldPage, "sales", 1);
    bumpPageStat(op, soldPage, revenueMetric(order.currency), order.price);
    const held = { ...balance, held: balance.held + order.sellerAmount };
    // Refunds or a dispute recorded before this completion apply now, in the same commit; the
    // settlement writes the order, balance and listing (and their later figures).
    const settled = await settleOrder(op, order, facts, held, sold, completed);
    if (!settled.changed) {
      indexOrderStatus(op.set(keys.order(order.id), order), null, order).set(
        keys.balance(order.sellerId, order.currency),
        held,
      );
    }
    writeListing(op, listing, sold);
    addEvent(op, `user:${order.sellerId}`, "sale", {
      title: `You sold "${listing.title}"`,
      body: `${formatMoney(order.sellerAmount, order.currency)} is held for the refund window`,
      href: "/sales",
      orderId: order.id,
      at: now,
    });
    addEvent(op, `user:${order.buyerId}`, "order_delivered", {
      title: `"${listing.title}" is in your pages`,
      body: "Edit your copy and publish it under your own address",
      href: `/pages/${copy.id}/edit`,
      orderId: order.id,
      pageId: copy.id,
      at: now,
    });
    await releaseFunds({ orderId: order.id }, {
      atomic: op,
      delayMs: config().refundWindowDays * 86_400_000,
    });
    await mailOrderParties({ orderId: order.id, event: "delivered" }, { atomic: op });
    return { orderId: order.id };
  });
}

/**
 * A paid checkout that cannot become an order (the buyer already owns the template, or it was
 * taken off sale meanwhile): record the event, mark the payment refunded, queue the refund and
 * tell the buyer, in `op`.
 */
async function refundUndeliverable(
  op: Deno.AtomicOperation,
  paid: PaidCheckout,
  tx: Transaction,
  reason: string,
) {
  const now = nowIso();
  const pi = paid.paymentIntent;
  recordEvent(op, paid, true).set(keys.transaction(tx.id), {
    ...tx,
    status: "refunded",
    completedAt: now,
    paymentIntentId: pi,
    checkoutSessionId: paid.sessionId ?? tx.checkoutSessionId,
  });
  if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
  addEvent(op, `user:${tx.buyerId}`, "order_refunded", {
    title: "Your payment was refunded",
    body: reason,
    href: "/orders",
    at: now,
  });
  await refundPayment({ transactionId: tx.id }, { atomic: op });
}
