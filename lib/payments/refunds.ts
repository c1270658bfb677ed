// Refunds and disputes. Stripe reports them as cumulative facts about a payment (amount refunded
// so far, each dispute's state), in any order and possibly twice. We merge the facts
// monotonically and then settle the order to match them, moving only the difference, so a
// duplicate, an older event or a refund that came before the order changes nothing extra.
//
// Rounding rule (exact integer minor units): of a cumulative refund R on a price P whose seller
// share is S, the seller gives back round-half-up(S × R / P) and the platform's fee gives back the
// rest, R − that. Computed from the cumulative R each time, partial refunds always add up to the
// full split: at R = P the seller gives back exactly S and the fee exactly P − S.
import { auditEntry } from "../admin/index.ts";
import { bumpSales } from "../admin/stats.ts";
import type { UserRecord } from "../auth/index.ts";
import { config } from "../config.ts";
import { conflict, notFound } from "../http/index.ts";
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { type Listing, writeListing } from "../market/index.ts";
import { bumpPageStat, revenueMetric } from "../pages/seller-stats.ts";
import { addEvent } from "../realtime/index.ts";
import { type Balance, balanceEntry } from "./balances.ts";
import { formatMoney } from "../format.ts";
import { notifierFor } from "../notifications/text.ts";
import {
  emptyFacts,
  type Order,
  type PaymentFacts,
  paymentKeys,
  type Transaction,
} from "./model.ts";
import { mailOrderParties, refundPayment } from "./notify.ts";
import { orderFactRef, settleBundle } from "./bundle-refunds.ts";
import { indexOrderStatus } from "./orders.ts";
import { refundThroughProvider } from "./provider-refunds.ts";

/** The refunded total the facts amount to for a payment of `price` (lost disputes count). */
export function reversedTotal(price: number, facts: PaymentFacts): number {
  let lost = 0;
  for (const d of Object.values(facts.disputes)) {
    if (d.status === "lost") lost += d.amount > 0 ? d.amount : price;
  }
  const refunded = facts.fullyRefunded ? price : facts.amountRefunded;
  return Math.min(price, refunded + lost);
}

export const disputeOpen = (facts: PaymentFacts) =>
  Object.values(facts.disputes).some((d) => d.status === "open");

/** How a cumulative refund of `total` splits into the seller's share and the fee (see the rule above). */
export function splitRefund(order: Pick<Order, "price" | "sellerAmount">, total: number) {
  if (order.price <= 0 || total <= 0) return { seller: 0, fee: 0 };
  const seller = Math.floor((2 * order.sellerAmount * total + order.price) / (2 * order.price));
  return { seller, fee: total - seller };
}

/** Merge what one event says into the facts; the result is the same whatever came before. */
export function mergeFacts(a: PaymentFacts, b: Partial<PaymentFacts>): PaymentFacts {
  const disputes = { ...a.disputes };
  for (const [id, d] of Object.entries(b.disputes ?? {})) {
    const had = disputes[id];
    // Closed beats open; between two closings the first one recorded stays.
    if (!had || (had.status === "open" && d.status !== "open")) disputes[id] = d;
  }
  return {
    amountRefunded: Math.max(a.amountRefunded, b.amountRefunded ?? 0),
    fullyRefunded: a.fullyRefunded || !!b.fullyRefunded,
    disputes,
  };
}

const sameFacts = (a: PaymentFacts, b: PaymentFacts) => JSON.stringify(a) === JSON.stringify(b);

/** The keys a payment's facts may live under (its payment intent, and its transaction). */
export function factRefs(txId: string | null, paymentIntent: string | null): string[] {
  return [paymentIntent, txId && `tx:${txId}`].filter((r): r is string => !!r);
}

/** All facts known for a payment, merged, with the entries read (to check in a commit). */
export async function readFacts(refs: string[]) {
  const entries = await Promise.all(
    refs.map((r) => kv().get<PaymentFacts>(paymentKeys.facts(r))),
  );
  const facts = entries.reduce((f, e) => e.value ? mergeFacts(f, e.value) : f, emptyFacts());
  return { facts, entries };
}

/** The refund window has passed: the seller's share may be released. */
export const releaseDue = (order: Order, now = Date.now()) =>
  Date.parse(order.createdAt) + config().refundWindowDays * 86_400_000 <= now;

/** The part of the seller's share still theirs (after refunds). */
export const sellerRemaining = (order: Order) =>
  order.sellerAmount - (order.refundedSellerAmount ?? 0);

/**
 * Add to `op` what brings `order` in line with `facts`: its refund figures and status, the
 * seller's balance, the purchase, the listing's and dashboard's figures, and the notices. Returns
 * the new order and balance (unchanged objects when nothing moves). The caller checks the entries
 * it read (order, balance, listing, transaction); `tx` is marked refunded with a full refund.
 */
export async function settleOrder(
  op: Deno.AtomicOperation,
  stored: Order,
  facts: PaymentFacts,
  balance: Balance,
  listing: Listing | null,
  tx: Transaction | null,
): Promise<{ order: Order; balance: Balance; changed: boolean }> {
  const now = nowIso();
  // Orders refunded before refunds were recorded by amount were reversed in full.
  const order: Order = stored.status === "refunded" && stored.refundedAmount === undefined
    ? {
      ...stored,
      refundedAmount: stored.price,
      refundedFee: stored.platformFee,
      refundedSellerAmount: stored.sellerAmount,
    }
    : stored;
  const prev = order.refundedAmount ?? 0;
  const total = Math.max(prev, reversedTotal(order.price, facts));
  const split = splitRefund(order, total);
  const dTotal = total - prev;
  const dSeller = split.seller - (order.refundedSellerAmount ?? 0);
  const dFee = split.fee - (order.refundedFee ?? 0);
  // A free order (price 0) has nothing to refund: it is never "refunded".
  const full = order.price > 0 && total >= order.price;
  const bal = { ...balance };
  const next: Order = {
    ...order,
    refundedAmount: total,
    refundedFee: split.fee,
    refundedSellerAmount: split.seller,
  };
  if (order.released) bal.available -= dSeller;
  else bal.held -= dSeller;

  const holding = disputeOpen(facts) && !full;
  let disputeNews: "opened" | "won" | null = null;
  if (holding && !order.disputed) {
    // A released share goes back to held: it may not be paid out while the bank decides.
    if (order.released) {
      const remaining = sellerRemaining(next);
      bal.available -= remaining;
      bal.held += remaining;
      next.released = false;
    }
    next.disputed = true;
    disputeNews = "opened";
  } else if (!holding && order.disputed) {
    next.disputed = false;
    if (!full && releaseDue(order)) {
      const remaining = sellerRemaining(next);
      bal.held -= remaining;
      bal.available += remaining;
      next.released = true;
    }
    if (!full) disputeNews = "won";
  }
  if (full && order.status !== "refunded") {
    next.status = "refunded";
    next.refundedAt = now;
  }
  next.refundNote = full
    ? null
    : total > 0
    ? `Partly refunded: ${formatMoney(total, order.currency)} of ${
      formatMoney(order.price, order.currency)
    }`
    : null;
  const changed = JSON.stringify(next) !== JSON.stringify(stored);
  if (!changed) return { order: stored, balance, changed: false };

  indexOrderStatus(op.set(keys.order(order.id), next), stored, next).set(
    keys.balance(order.sellerId, order.currency),
    bal,
  );
  const newlyFull = full && order.status !== "refunded";
  if (newlyFull) {
    op.set(keys.purchase(order.buyerId, order.listingId), {
      orderId: order.id,
      status: "refunded",
    });
    if (tx) op.set(keys.transaction(tx.id), { ...tx, status: "refunded" });
  }
  if (listing) {
    if (newlyFull) {
      writeListing(op, listing, { ...listing, soldCount: Math.max(0, listing.soldCount - 1) });
    }
    const soldPage = { id: listing.pageId, ownerId: order.sellerId };
    if (newlyFull) bumpPageStat(op, soldPage, "sales", -1);
    if (dTotal) bumpPageStat(op, soldPage, revenueMetric(order.currency), -dTotal);
  }
  if (dTotal || newlyFull) {
    bumpSales(op, order.currency, {
      orders: newlyFull ? -1 : 0,
      revenue: -dTotal,
      platformFees: -dFee,
    });
  }
  // Each party's notice in its own language.
  const [seller, buyer] = dTotal > 0 || disputeNews
    ? await Promise.all([notifierFor(order.sellerId), notifierFor(order.buyerId)])
    : [null, null];
  if (dTotal > 0 && seller && buyer) {
    const title = { title: order.title };
    addEvent(op, `user:${order.sellerId}`, "sale", {
      title: seller.t(
        full ? "server.notif.refundSeller.title" : "server.notif.refundSeller.titlePartly",
        title,
      ),
      body: seller.t("server.notif.refundSeller.body", {
        amount: seller.money(dSeller, order.currency),
      }),
      href: "/sales",
      orderId: order.id,
      at: now,
    });
    addEvent(op, `user:${order.buyerId}`, "order_refunded", {
      title: buyer.t(
        full ? "server.notif.refundBuyer.title" : "server.notif.refundBuyer.titlePartly",
        title,
      ),
      body: full
        ? buyer.t("server.notif.refundBuyer.bodyFull")
        : buyer.t("server.notif.refundBuyer.bodyPartly", {
          amount: buyer.money(dTotal, order.currency),
        }),
      href: "/orders",
      orderId: order.id,
      at: now,
    });
    await mailOrderParties({
      orderId: order.id,
      event: full ? "refunded" : "partially_refunded",
      amount: dTotal,
      sellerAmount: dSeller,
    }, { atomic: op });
  }
  if (disputeNews && seller) {
    addEvent(op, `user:${order.sellerId}`, "sale", {
      title: disputeNews === "opened"
        ? seller.t("server.notif.disputeOpened.title", { title: order.title })
        : seller.t("server.notif.disputeWon.title", { title: order.title }),
      body: disputeNews === "opened"
        ? seller.t("server.notif.disputeOpened.body", {
          amount: seller.money(sellerRemaining(next), order.currency),
        })
        : seller.t("server.notif.disputeWon.body"),
      href: "/sales",
      orderId: order.id,
      at: now,
    });
  }
  return { order: next, balance: bal, changed: true };
}

/**
 * Record what a provider event says about a payment and settle its order, if it has one. A
 * payment without an order yet keeps the facts for its completion (a full refund then means no
 * delivery). `ref` identifies the payment (payment intent), `txId` the transaction when known.
 */
export async function recordPaymentFacts(
  eventId: string,
  event: { type: string; txId: string | null; paymentIntent: string | null },
  update: Partial<PaymentFacts>,
): Promise<Record<string, unknown>> {
  return await retryAtomic<Record<string, unknown>>(async (op) => {
    const piTx = event.paymentIntent
      ? await kv().get<string>(keys.transactionByPaymentIntent(event.paymentIntent))
      : null;
    const txId = event.txId ?? piTx?.value ?? null;
    const txEntry = txId ? await kv().get<Transaction>(keys.transaction(txId)) : null;
    const tx = txEntry?.value ?? null;
    const refs = factRefs(tx?.id ?? txId, event.paymentIntent ?? tx?.paymentIntentId ?? null);
    if (!refs.length) return noCommit({ ignored: true });
    const { facts: before, entries } = await readFacts(refs);
    const facts = mergeFacts(before, update);
    // Where the facts are kept: under the payment intent when known, else the transaction.
    const home = refs[0];
    if (piTx) op.check(piTx);
    if (txEntry) op.check(txEntry);
    for (const e of entries) op.check(e);
    const evEntry = await kv().get(keys.stripeEvent(eventId));
    op.check(evEntry).set(keys.stripeEvent(eventId), {
      type: event.type,
      at: nowIso(),
      effect: !sameFacts(before, facts),
    });
    op.set(paymentKeys.facts(home), facts);
    if (!tx) return { recorded: true };
    if (!tx.orderId) {
      // No order yet: a full reversal means the later completion must not deliver.
      if (tx.status === "pending" && reversedTotal(tx.amount, facts) >= tx.amount) {
        op.set(keys.transaction(tx.id), { ...tx, status: "refunded" });
      }
      return { recorded: true, transactionId: tx.id };
    }
    if ((tx.orderIds?.length ?? 0) > 1) {
      const { after } = await settleBundle(op, tx, facts);
      return { orderIds: after.map((o) => o.id), statuses: after.map((o) => o.status) };
    }
    const orderEntry = await kv().get<Order>(keys.order(tx.orderId));
    if (!orderEntry.value) return { recorded: true };
    const order = orderEntry.value;
    const listingEntry = await kv().get<Listing>(keys.listing(order.listingId));
    const { entry: balEntry, balance } = await balanceEntry(order.sellerId, order.currency);
    op.check(orderEntry, listingEntry, balEntry);
    const settled = await settleOrder(op, order, facts, balance, listingEntry.value, tx);
    return { orderId: order.id, status: settled.order.status };
  });
}

/** An admin may refund a delivered, undisputed order until its funds are released to the seller. */
export const adminRefundable = (order: Order) =>
  order.status === "delivered" && !order.released && !order.disputed;

/**
 * An admin refunds a whole order within the refund window: the order is settled as fully
 * refunded and the provider's refund is queued in the same commit. Stripe's own
 * `charge.refunded` for it later changes nothing.
 */
export async function refundOrder(orderId: string, opts: { admin: UserRecord }): Promise<Order> {
  return await retryAtomic(async (op) => {
    const orderEntry = await kv().get<Order>(keys.order(orderId));
    const order = orderEntry.value;
    if (!order) throw notFound("Order");
    if (order.status === "refunded") return noCommit(order);
    if (order.price === 0) throw conflict("free_order", "A free order has nothing to refund");
    if (order.disputed) {
      throw conflict("disputed", "This payment is disputed; the dispute decides the refund");
    }
    if (!adminRefundable(order)) {
      throw conflict(
        "refund_window_closed",
        "The refund window has ended and the seller has been paid; refund in Stripe if needed",
      );
    }
    const txEntry = await kv().get<Transaction>(keys.transaction(order.transactionId));
    const refs = factRefs(order.transactionId, txEntry.value?.paymentIntentId ?? null);
    const { facts: before, entries } = await readFacts(refs);
    const tx = txEntry.value;
    if (tx && (tx.orderIds?.length ?? 0) > 1) {
      // One order of a bundle: only its own facts change; the provider refunds its share.
      op.check(orderEntry, txEntry, ...entries);
      const { facts: own, entries: ownEntries } = await readFacts([orderFactRef(order.id)]);
      op.check(...ownEntries);
      const { after } = await settleBundle(op, tx, before, {
        orderId: order.id,
        facts: mergeFacts(own, { fullyRefunded: true }),
      });
      const refunded = after.find((o) => o.id === order.id) ?? order;
      const amount = (refunded.refundedAmount ?? 0) - (order.refundedAmount ?? 0);
      if (amount > 0) {
        await refundThroughProvider(op, tx, { orderId: order.id, amount }, opts.admin.id);
      }
      const audit = auditEntry(opts.admin.id, "order.refund", `order:${orderId}`, {
        status: order.status,
      }, { status: "refunded" });
      op.set(keys.audit(audit.id), audit);
      return refunded;
    }
    const facts = mergeFacts(before, { fullyRefunded: true });
    const listingEntry = await kv().get<Listing>(keys.listing(order.listingId));
    const { entry: balEntry, balance } = await balanceEntry(order.sellerId, order.currency);
    op.check(orderEntry, txEntry, listingEntry, balEntry, ...entries);
    op.set(paymentKeys.facts(refs[0]), facts);
    const { order: refunded } = await settleOrder(
      op,
      order,
      facts,
      balance,
      listingEntry.value,
      txEntry.value,
    );
    // Balances moved above, now; the provider's answer only settles the refund's own status
    // (provider-refunds.ts explains why). Stripe: the same job as before.
    if (tx) await refundThroughProvider(op, tx, { orderId: order.id }, opts.admin.id);
    else await refundPayment({ transactionId: order.transactionId }, { atomic: op });
    const audit = auditEntry(opts.admin.id, "order.refund", `order:${orderId}`, {
      status: order.status,
    }, { status: "refunded" });
    op.set(keys.audit(audit.id), audit);
    return refunded;
  });
}
