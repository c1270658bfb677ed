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
import { countRedemption } from "../market/discounts.ts";
import type { PageRecord } from "../pages/index.ts";
import { type Balance, balanceEntry } from "./balances.ts";
import { notifierFor, type ServerTranslate } from "../notifications/text.ts";
import {
  emptyFacts,
  type Order,
  platformFee,
  type Purchase,
  type Transaction,
  type TxItem,
  txItems,
} from "./model.ts";
import { mailOrderParties, releaseFunds } from "./notify.ts";
import { refundThroughProvider, SYSTEM } from "./provider-refunds.ts";
import {
  type ProviderPayment,
  providerPaymentByNo,
  providerPaymentKey,
} from "./providers/provider.ts";
import { indexOrderStatus } from "./orders.ts";
import { bundleOrderFacts } from "./bundle-refunds.ts";
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
  /** VNPay's and MoMo's numbers of the payment, which a refund names (kept in the same commit). */
  providerPayment?: ProviderPayment;
}

const recordEvent = (op: Deno.AtomicOperation, paid: PaidCheckout, effect: boolean) =>
  op.set(keys.stripeEvent(paid.eventId), { type: paid.type, at: nowIso(), effect });

/**
 * Keep VNPay's and MoMo's numbers of the payment with the commit that may queue its refund: a
 * refund job running right after it must find them (vnp_TransactionNo, vnp_TransactionDate).
 */
function keepProviderPayment(op: Deno.AtomicOperation, txId: string, paid: PaidCheckout) {
  const p = paid.providerPayment;
  if (!p) return;
  op.set(providerPaymentKey(txId), p).set(providerPaymentByNo(p.provider, p.transactionNo), txId);
}

/** What one item of a transaction needs to become an order, read for the completion commit. */
interface ItemState {
  item: TxItem;
  purchase: Deno.KvEntryMaybe<Purchase>;
  listing: Listing | null;
  listingEntry: Deno.KvEntryMaybe<Listing>;
  page: PageRecord | null;
  source: { content: PageRecord["content"]; seo?: PageRecord["seo"] } | null;
}

async function readItem(tx: Transaction, item: TxItem): Promise<ItemState> {
  const purchase = await kv().get<Purchase>(keys.purchase(tx.buyerId, item.listingId));
  const listingEntry = await kv().get<Listing>(keys.listing(item.listingId));
  const listing = listingEntry.value;
  const sellable = listing && isOnSale(listing) && !(await isSellerSuspended(listing.sellerId));
  const page = sellable ? await getPage(listing.pageId) : null;
  // The buyer gets the version an admin approved (older listings: the page as published).
  const source = page && listing ? await approvedVersion(listing, page.slug) : null;
  return { item, purchase, listing, listingEntry, page, source: source ?? null };
}

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
    const states: ItemState[] = [];
    for (const item of txItems(tx)) {
      const st = await readItem(tx, item);
      op.check(st.purchase, st.listingEntry);
      states.push(st);
    }
    // An order is made only for the price that was asked (sessions we create always match).
    const priceMatches = (paid.amountPaid ?? tx.amount) === tx.amount &&
      (paid.currency ?? tx.currency) === tx.currency;
    const now = nowIso();
    if (reversedTotal(tx.amount, facts) >= tx.amount && tx.amount > 0) {
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
    const owned = states.some((st) => st.purchase.value?.status === "delivered");
    if (owned && tx.amount === 0) {
      // A second free claim that lost the race to the first: nothing was paid, nothing to say.
      recordEvent(op, paid, false).set(keys.transaction(tx.id), {
        ...tx,
        status: "failed",
        completedAt: now,
      });
      return { alreadyOwned: true };
    }
    if (owned || states.some((st) => !st.listing || !st.page || !st.source) || !priceMatches) {
      const reason = owned
        ? "server.notif.reason.owned"
        : priceMatches
        ? "server.notif.reason.offSale"
        : "server.notif.reason.price";
      await refundUndeliverable(op, paid, tx, (t) => t(reason));
      return { refunded: tx.id };
    }
    if (tx.discount && !(await countRedemption(op, tx.discount.sellerId, tx.discount.code))) {
      // The code's last use went to a payment that completed first: this one is refunded.
      if (tx.amount === 0) {
        recordEvent(op, paid, false).set(keys.transaction(tx.id), {
          ...tx,
          status: "failed",
          completedAt: now,
        });
      } else {
        const code = tx.discount.code;
        await refundUndeliverable(
          op,
          paid,
          tx,
          (t) => t("server.notif.reason.codeUsedUp", { code }),
        );
      }
      return { refunded: tx.id, usedUp: true };
    }
    const orders: Order[] = [];
    const copies: PageRecord[] = [];
    for (const st of states) {
      const listing = st.listing!, page = st.page!, source = st.source!;
      const copy = newPageRecord(tx.buyerId, {
        name: listing.title,
        slug: await distinctSlug(listing.title, copies.map((c) => c.slug)),
        content: structuredClone(source.content),
        seo: source.seo ?? page.seo,
        sourceListingId: listing.id,
      });
      copies.push(copy);
      const amount = st.item.amount;
      const fee = platformFee(amount);
      orders.push({
        id: newId(),
        listingId: listing.id,
        transactionId: tx.id,
        buyerId: tx.buyerId,
        sellerId: listing.sellerId,
        title: listing.title,
        licence: listing.licence ?? "personal",
        createdPageId: copy.id,
        price: amount,
        currency: tx.currency,
        platformFee: fee,
        sellerAmount: amount - fee,
        status: "delivered",
        released: false,
        createdAt: now,
        refundedAt: null,
        refundedAmount: 0,
        refundedFee: 0,
        refundedSellerAmount: 0,
        disputed: false,
        refundNote: null,
      });
    }
    const bundle = orders.length > 1;
    const completed: Transaction = {
      ...tx,
      status: "completed",
      completedAt: now,
      orderId: orders[0].id,
      ...(bundle ? { orderIds: orders.map((o) => o.id) } : {}),
      paymentIntentId: pi,
      checkoutSessionId: paid.sessionId ?? tx.checkoutSessionId,
    };
    recordEvent(op, paid, true).set(keys.transaction(tx.id), completed);
    keepProviderPayment(op, tx.id, paid);
    if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
    // Refunds or a dispute recorded before this completion apply now, in the same commit: a
    // single order takes the payment's facts, a bundle's orders their share of them.
    const orderFacts = bundle
      ? bundleOrderFacts(orders, facts, orders.map(() => emptyFacts()))
      : [facts];
    const balances = new Map<string, Balance>();
    for (const [i, order] of orders.entries()) {
      const st = states[i];
      const listing = st.listing!;
      if (!balances.has(order.sellerId)) {
        const { entry, balance } = await balanceEntry(order.sellerId, order.currency);
        op.check(entry);
        balances.set(order.sellerId, balance);
      }
      const balance = balances.get(order.sellerId)!;
      op.set(keys.ordersByBuyer(order.buyerId, order.id), order.id)
        .set(keys.ordersBySeller(order.sellerId, order.id), order.id)
        .set(keys.purchase(order.buyerId, listing.id), { orderId: order.id, status: "delivered" });
      writeNewPage(op, copies[i]);
      bumpSales(op, order.currency, {
        orders: 1,
        revenue: order.price,
        platformFees: order.platformFee,
      });
      const soldPage = { id: listing.pageId, ownerId: listing.sellerId };
      bumpPageStat(op, soldPage, "sales", 1);
      bumpPageStat(op, soldPage, revenueMetric(order.currency), order.price);
      const sold: Listing = { ...listing, soldCount: listing.soldCount + 1 };
      const held = { ...balance, held: balance.held + order.sellerAmount };
      const settled = await settleOrder(
        op,
        order,
        orderFacts[i],
        held,
        sold,
        bundle ? null : completed,
      );
      if (!settled.changed) {
        indexOrderStatus(op.set(keys.order(order.id), order), null, order).set(
          keys.balance(order.sellerId, order.currency),
          held,
        );
      }
      balances.set(order.sellerId, settled.balance);
      writeListing(op, listing, sold);
      await announceOrder(op, order, copies[i].id, now);
    }
    return { orderId: orders[0].id, orderIds: orders.map((o) => o.id) };
  });
}

/** A free slug not among `taken` (two listings of a bundle may share a title). */
async function distinctSlug(name: string, taken: string[]) {
  for (let i = 0; i < 5; i++) {
    const slug = await freeSlug(name);
    if (!taken.includes(slug)) return slug;
  }
  return `${await freeSlug(name)}-${newId().toLowerCase().slice(-6)}`;
}

/** The sale and delivery notices, the release after the refund window and the emails. */
async function announceOrder(op: Deno.AtomicOperation, order: Order, copyId: string, at: string) {
  // Each party reads its notice in its own language.
  const [seller, buyer] = await Promise.all([
    notifierFor(order.sellerId),
    notifierFor(order.buyerId),
  ]);
  addEvent(op, `user:${order.sellerId}`, "sale", {
    title: seller.t("server.notif.sale.title", { title: order.title }),
    body: seller.t("server.notif.sale.body", {
      amount: seller.money(order.sellerAmount, order.currency),
    }),
    href: "/sales",
    orderId: order.id,
    at,
  });
  addEvent(op, `user:${order.buyerId}`, "order_delivered", {
    title: buyer.t("server.notif.delivered.title", { title: order.title }),
    body: buyer.t("server.notif.delivered.body"),
    href: `/pages/${copyId}/edit`,
    orderId: order.id,
    pageId: copyId,
    at,
  });
  await releaseFunds({ orderId: order.id }, {
    atomic: op,
    delayMs: config().refundWindowDays * 86_400_000,
  });
  await mailOrderParties({ orderId: order.id, event: "delivered" }, { atomic: op });
}

/**
 * A paid checkout that cannot become an order (the buyer already owns the template, or it was
 * taken off sale meanwhile): record the event, mark the payment refunded, queue the refund
 * through the provider that took the money (Stripe's job, or a VNPay/MoMo refund record and its
 * first attempt, provider-refunds.ts) and tell the buyer, in `op`. The commit is keyed by the
 * provider's event and needs the transaction still pending, so a repeated IPN refunds nothing.
 */
async function refundUndeliverable(
  op: Deno.AtomicOperation,
  paid: PaidCheckout,
  tx: Transaction,
  reason: (t: ServerTranslate) => string,
) {
  const now = nowIso();
  const buyer = await notifierFor(tx.buyerId);
  const pi = paid.paymentIntent;
  recordEvent(op, paid, true).set(keys.transaction(tx.id), {
    ...tx,
    status: "refunded",
    completedAt: now,
    paymentIntentId: pi,
    checkoutSessionId: paid.sessionId ?? tx.checkoutSessionId,
  });
  if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
  keepProviderPayment(op, tx.id, paid);
  addEvent(op, `user:${tx.buyerId}`, "order_refunded", {
    title: buyer.t("server.notif.paymentRefunded.title"),
    body: reason(buyer.t),
    href: "/orders",
    at: now,
  });
  await refundThroughProvider(op, tx, { orderId: null }, SYSTEM);
}
