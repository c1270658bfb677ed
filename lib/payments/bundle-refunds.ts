// Refunds of a bundle: one payment, several orders (possibly of several sellers). The provider
// reports refunds and disputes for the whole payment; an admin refunds one order. Each order's
// refund figures come from both:
//   - its own facts (under `order:<id>`): what was refunded for that order alone;
//   - the payment's facts: a refunded total R of the payment. The part of R its orders' own
//     refunds do not explain (our own per-order refunds reach the provider as partial refunds of
//     the payment, so R includes them) is spread over the orders in item order, each up to what
//     is left of its price. A full refund of the payment therefore refunds every order exactly;
//     a refund of one item moves only that order.
// An open dispute on the payment holds every order's share. Each order then settles through the
// same `settleOrder` as a single purchase, so the rounding of fee and seller share is the same.
import { keys, kv } from "../kv/index.ts";
import type { Listing } from "../market/index.ts";
import { type Balance, balanceEntry } from "./balances.ts";
import {
  emptyFacts,
  type Order,
  type PaymentFacts,
  paymentKeys,
  type Transaction,
} from "./model.ts";
import { disputeOpen, readFacts, reversedTotal, settleOrder } from "./refunds.ts";

export const orderFactRef = (orderId: string) => `order:${orderId}`;

/** Each order's facts, from its own and the payment's (see above). */
export function bundleOrderFacts(
  orders: Pick<Order, "price">[],
  payment: PaymentFacts,
  own: PaymentFacts[],
): PaymentFacts[] {
  const total = orders.reduce((s, o) => s + o.price, 0);
  const ownTotals = orders.map((o, i) => reversedTotal(o.price, own[i]));
  let excess = Math.max(0, reversedTotal(total, payment) - ownTotals.reduce((s, r) => s + r, 0));
  const holding = disputeOpen(payment);
  return orders.map((o, i): PaymentFacts => {
    const take = Math.min(excess, o.price - ownTotals[i]);
    excess -= take;
    const refunded = ownTotals[i] + take;
    return {
      amountRefunded: refunded,
      fullyRefunded: refunded >= o.price && o.price > 0,
      disputes: holding ? { payment: { status: "open" as const, amount: 0 } } : {},
    };
  });
}

/**
 * Settle every order of the bundle `tx` to the payment's `facts` and each order's own facts (with
 * `ownUpdate` merged into the one of `ownUpdate.orderId`), in `op`. Checks what it reads. Returns
 * the orders before and after.
 */
export async function settleBundle(
  op: Deno.AtomicOperation,
  tx: Transaction,
  facts: PaymentFacts,
  ownUpdate: { orderId: string; facts: PaymentFacts } | null = null,
): Promise<{ before: Order[]; after: Order[] }> {
  const ids = tx.orderIds ?? (tx.orderId ? [tx.orderId] : []);
  const orderEntries = await Promise.all(ids.map((id) => kv().get<Order>(keys.order(id))));
  const orders = orderEntries.map((e) => e.value).filter((o): o is Order => !!o);
  op.check(...orderEntries);
  const own: PaymentFacts[] = [];
  for (const o of orders) {
    const { facts: f, entries } = await readFacts([orderFactRef(o.id)]);
    op.check(...entries);
    if (ownUpdate?.orderId === o.id) {
      op.set(paymentKeys.facts(orderFactRef(o.id)), ownUpdate.facts);
      own.push(ownUpdate.facts);
    } else own.push(f.amountRefunded || f.fullyRefunded ? f : emptyFacts());
  }
  const perOrder = bundleOrderFacts(orders, facts, own);
  const balances = new Map<string, Balance>();
  const after: Order[] = [];
  for (const [i, order] of orders.entries()) {
    const key = `${order.sellerId}/${order.currency}`;
    if (!balances.has(key)) {
      const { entry, balance } = await balanceEntry(order.sellerId, order.currency);
      op.check(entry);
      balances.set(key, balance);
    }
    const listingEntry = await kv().get<Listing>(keys.listing(order.listingId));
    op.check(listingEntry);
    const settled = await settleOrder(
      op,
      order,
      perOrder[i],
      balances.get(key)!,
      listingEntry.value,
      null,
    );
    balances.set(key, settled.balance);
    after.push(settled.order);
  }
  // Free items of a bundle have nothing to refund and stay delivered.
  const paidOrders = after.filter((o) => o.price > 0);
  if (
    paidOrders.length && paidOrders.every((o) => o.status === "refunded") &&
    tx.status !== "refunded"
  ) {
    op.set(keys.transaction(tx.id), { ...tx, status: "refunded" });
  }
  return { before: orders, after };
}
