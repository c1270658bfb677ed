// Payments, orders, seller balances and payouts. A purchase is confirmed only by a signed Stripe
// webhook (or the built-in test checkout, which signs the same event and posts it to our own
// webhook). Completion is one atomic commit keyed by the Stripe event id, so redelivered,
// reordered and concurrent events change nothing after the first.
import Stripe from "stripe";
import { z } from "zod";
import { config } from "../config.ts";
import { auditEntry } from "../admin/index.ts";
import { type Balance, emptyBalance, getUser, type UserRecord } from "../auth/index.ts";
import { sendMail } from "../mail/index.ts";
import { AppError, conflict, notFound } from "../http/index.ts";
import { keys, kv, listAll, newId, nowIso } from "../kv/index.ts";
import { isOnSale, type Listing } from "../market/index.ts";
import { freeSlug, getPage, newPageRecord, writeNewPage } from "../pages/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { bumpStats } from "../admin/stats.ts";
import { bumpPageStat } from "../pages/seller-stats.ts";
import { getSite } from "../sites/index.ts";

export interface Transaction {
  id: string;
  listingId: string;
  buyerId: string;
  sellerId: string;
  amount: number;
  currency: string;
  status: "pending" | "completed" | "refunded";
  /** Where the buyer pays: a Stripe Checkout Session, or the built-in test checkout. */
  checkoutUrl: string;
  checkoutSessionId: string | null;
  paymentIntentId: string | null;
  orderId: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface Order {
  id: string;
  listingId: string;
  transactionId: string;
  buyerId: string;
  sellerId: string;
  title: string;
  createdPageId: string;
  price: number;
  currency: string;
  /** round(price × 10%), kept by the platform. */
  platformFee: number;
  /** price − platformFee, held for the refund window, then released to the seller. */
  sellerAmount: number;
  status: "delivered" | "refunded";
  released: boolean;
  createdAt: string;
  refundedAt: string | null;
}

export interface Purchase {
  orderId: string;
  status: "delivered" | "refunded";
}

export interface Payout {
  id: string;
  userId: string;
  amount: number;
  currency: string;
  status: "requested" | "paid";
  createdAt: string;
  paidAt: string | null;
}

export const PLATFORM_FEE_PERCENT = 10;
export const platformFee = (price: number) => Math.round((price * PLATFORM_FEE_PERCENT) / 100);

let stripeClient: Stripe | null = null;
function stripe(): Stripe {
  // Webhook verification needs no key; API calls happen only when STRIPE_SECRET_KEY is set.
  return stripeClient ??= new Stripe(config().stripeSecretKey ?? "sk_test_offline", {
    httpClient: Stripe.createFetchHttpClient(),
  });
}

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
  if (!isOnSale(listing)) {
    throw conflict("not_on_sale", "This template is not on sale at the moment");
  }
  const purchase = (await kv().get<Purchase>(keys.purchase(buyer.id, listingId))).value;
  if (purchase?.status === "delivered") {
    throw conflict("already_bought", "You already own this template");
  }
  const openEntry = await kv().get<string>(keys.openCheckout(buyer.id, listingId));
  const open = openEntry.value
    ? (await kv().get<Transaction>(keys.transaction(openEntry.value))).value
    : null;
  if (
    open?.status === "pending" && open.amount === listing.price &&
    Date.now() - Date.parse(open.createdAt) < OPEN_CHECKOUT_MS
  ) {
    return { transaction: open, checkoutUrl: open.checkoutUrl };
  }
  const id = newId();
  const tx: Transaction = {
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
    const session = await stripe().checkout.sessions.create({
      mode: "payment",
      line_items: [{
        quantity: 1,
        price_data: {
          currency: listing.currency,
          unit_amount: listing.price,
          product_data: { name: listing.title },
        },
      }],
      customer_email: buyer.email,
      client_reference_id: tx.id,
      metadata: { transactionId: tx.id },
      success_url: `${checkoutUrls().success}?tx=${tx.id}`,
      cancel_url: `${checkoutUrls().cancel}?tx=${tx.id}`,
    });
    tx.checkoutSessionId = session.id;
    tx.checkoutUrl = session.url!;
  }
  const res = await kv().atomic().check(openEntry)
    .set(keys.transaction(tx.id), tx)
    .set(keys.openCheckout(buyer.id, listingId), tx.id, { expireIn: OPEN_CHECKOUT_MS })
    .commit();
  // A concurrent Buy opened a checkout first: offer that one.
  if (!res.ok) return await createPayment(buyer, listingId);
  return { transaction: tx, checkoutUrl: tx.checkoutUrl };
}

export async function getOwnTransaction(buyerId: string, id: string) {
  const tx = (await kv().get<Transaction>(keys.transaction(id))).value;
  if (!tx || tx.buyerId !== buyerId) throw notFound("Transaction");
  return tx;
}

// ---------- webhook

/** Verify and apply a Stripe webhook. Bad or stale signatures are a 400 and change nothing. */
export async function handleStripeWebhook(raw: string, signature: string | undefined) {
  const secret = config().stripeWebhookSecret;
  let event: Stripe.Event;
  try {
    if (!secret || !signature) throw new Error("unsigned");
    event = await stripe().webhooks.constructEventAsync(
      raw,
      signature,
      secret,
      300,
      Stripe.createSubtleCryptoProvider(),
    );
  } catch {
    throw new AppError(400, "invalid_signature", "The webhook signature is not valid");
  }
  if (
    event.type === "checkout.session.completed" ||
    event.type === "checkout.session.async_payment_succeeded"
  ) {
    const session = event.data.object as Stripe.Checkout.Session;
    // A delayed payment method (a bank debit) completes the session unpaid; the money is
    // confirmed later by async_payment_succeeded.
    if (session.payment_status && session.payment_status !== "paid") return { pending: true };
    return await completeCheckout(event.id, session);
  }
  if (event.type === "charge.refunded") {
    const charge = event.data.object as Stripe.Charge;
    const pi = typeof charge.payment_intent === "string"
      ? charge.payment_intent
      : charge.payment_intent?.id;
    const txId = charge.metadata?.transactionId ||
      (pi ? (await kv().get<string>(keys.transactionByPaymentIntent(pi))).value : null);
    const tx = txId ? (await kv().get<Transaction>(keys.transaction(txId))).value : null;
    if (!tx?.orderId) return { ignored: true };
    await refundOrder(tx.orderId, { eventId: event.id });
    return { refunded: tx.orderId };
  }
  return { ignored: true };
}

const releaseFunds = defineJob<{ orderId: string }>("order.release", async ({ orderId }) => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const orderEntry = await kv().get<Order>(keys.order(orderId));
    const order = orderEntry.value;
    if (!order || order.status !== "delivered" || order.released) return;
    const balEntry = await kv().get<Balance>(keys.balance(order.sellerId));
    const bal = balEntry.value ?? emptyBalance();
    const res = await kv().atomic().check(orderEntry).check(balEntry)
      .set(keys.order(orderId), { ...order, released: true })
      .set(keys.balance(order.sellerId), {
        ...bal,
        held: bal.held - order.sellerAmount,
        available: bal.available + order.sellerAmount,
      })
      .commit();
    if (res.ok) return;
  }
  throw new Error(`could not release order ${orderId}`);
});

/** Email the buyer (a receipt, or the refund) and the seller (the sale, or its reversal). */
const mailOrderParties = defineJob<{ orderId: string; event: "delivered" | "refunded" }>(
  "order.mail",
  async ({ orderId, event }) => {
    const order = (await kv().get<Order>(keys.order(orderId))).value;
    if (!order) return;
    const [buyer, seller] = await Promise.all([getUser(order.buyerId), getUser(order.sellerId)]);
    const origin = config().appOrigin;
    const price = formatMoney(order.price, order.currency);
    const share = formatMoney(order.sellerAmount, order.currency);
    const fee = formatMoney(order.platformFee, order.currency);
    if (buyer) {
      await sendMail(
        event === "delivered"
          ? {
            to: buyer.email,
            subject: `Your receipt: ${order.title}`,
            text: `Thank you for your purchase.\n\n${order.title}: ${price}\nOrder ${order.id}, ` +
              `${order.createdAt.slice(0, 10)}\n\nYour editable copy is ready: ` +
              `${origin}/pages/${order.createdPageId}/edit`,
          }
          : {
            to: buyer.email,
            subject: `Refunded: ${order.title}`,
            text: `Your purchase of ${order.title} (${price}) was refunded to your card. ` +
              `You keep the copy you made.`,
          },
      );
    }
    if (seller) {
      await sendMail(
        event === "delivered"
          ? {
            to: seller.email,
            subject: `You sold ${order.title}`,
            text: `You sold ${order.title} for ${price}. Your share is ${share} ` +
              `(LandingHub keeps ${fee}); it is held for ${config().refundWindowDays} days, ` +
              `then becomes available to pay out.\n\n${origin}/sales`,
          }
          : {
            to: seller.email,
            subject: `Refunded: ${order.title}`,
            text: `The sale of ${order.title} (${price}) was refunded; ${share} was taken ` +
              `back from your balance.\n\n${origin}/sales`,
          },
      );
    }
  },
);

async function completeCheckout(eventId: string, session: Stripe.Checkout.Session) {
  const txId = session.metadata?.transactionId;
  for (let attempt = 0; attempt < 30; attempt++) {
    const evEntry = await kv().get(keys.stripeEvent(eventId));
    if (evEntry.value) return { duplicate: true };
    const txEntry = txId ? await kv().get<Transaction>(keys.transaction(txId)) : null;
    const tx = txEntry?.value;
    if (!tx || tx.status !== "pending") {
      // Unknown or already completed (e.g. by an earlier event): remember the event, no effect.
      const res = await kv().atomic().check(evEntry)
        .set(keys.stripeEvent(eventId), {
          type: "checkout.session.completed",
          at: nowIso(),
          effect: false,
        })
        .commit();
      if (res.ok) return { ignored: true };
      continue;
    }
    const purchaseEntry = await kv().get<Purchase>(keys.purchase(tx.buyerId, tx.listingId));
    const listingEntry = await kv().get<Listing>(keys.listing(tx.listingId));
    const listing = listingEntry.value;
    const page = listing && isOnSale(listing) ? await getPage(listing.pageId) : null;
    // The buyer gets the page as published, not the seller's unpublished edits.
    const source = page && await getSite(page.slug, "strong");
    // An order is made only for the price that was asked (sessions we create always match).
    const priceMatches = (session.amount_total ?? tx.amount) === tx.amount &&
      (session.currency ?? tx.currency) === tx.currency;
    if (purchaseEntry.value?.status === "delivered" || !listing || !source || !priceMatches) {
      const reason = purchaseEntry.value?.status === "delivered"
        ? "You already own this template"
        : priceMatches
        ? "The template was taken off sale before your payment completed"
        : "The amount paid did not match the price";
      const op = kv().atomic().check(evEntry, txEntry!, purchaseEntry);
      if (await refundUndeliverable(op, eventId, tx, session, reason)) {
        return { refunded: tx.id };
      }
      continue;
    }
    const balEntry = await kv().get<Balance>(keys.balance(tx.sellerId));
    const bal = balEntry.value ?? emptyBalance();
    const fee = platformFee(tx.amount);
    const now = nowIso();
    const copy = newPageRecord(tx.buyerId, {
      name: listing.title,
      slug: await freeSlug(listing.title),
      content: structuredClone(source.content),
      seo: page.seo,
      sourceListingId: listing.id,
    });
    const order: Order = {
      id: newId(),
      listingId: listing.id,
      transactionId: tx.id,
      buyerId: tx.buyerId,
      sellerId: tx.sellerId,
      title: listing.title,
      createdPageId: copy.id,
      price: tx.amount,
      currency: tx.currency,
      platformFee: fee,
      sellerAmount: tx.amount - fee,
      status: "delivered",
      released: false,
      createdAt: now,
      refundedAt: null,
    };
    const pi = typeof session.payment_intent === "string" ? session.payment_intent : null;
    const op = kv().atomic()
      .check(evEntry, txEntry!, purchaseEntry, listingEntry, balEntry)
      .set(keys.stripeEvent(eventId), { type: "checkout.session.completed", at: now, effect: true })
      .set(keys.transaction(tx.id), {
        ...tx,
        status: "completed",
        completedAt: now,
        orderId: order.id,
        paymentIntentId: pi,
        checkoutSessionId: session.id ?? tx.checkoutSessionId,
      })
      .set(keys.order(order.id), order)
      .set(keys.ordersByBuyer(order.buyerId, order.id), order.id)
      .set(keys.ordersBySeller(order.sellerId, order.id), order.id)
      .set(keys.purchase(order.buyerId, listing.id), { orderId: order.id, status: "delivered" })
      .set(keys.listing(listing.id), { ...listing, soldCount: listing.soldCount + 1 })
      .set(keys.balance(order.sellerId), { ...bal, held: bal.held + order.sellerAmount });
    if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
    writeNewPage(op, copy);
    bumpStats(op, { orders: 1, revenue: order.price, platformFees: fee });
    const soldPage = { id: listing.pageId, ownerId: listing.sellerId };
    bumpPageStat(op, soldPage, "sales", 1);
    bumpPageStat(op, soldPage, "revenue", order.price);
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
    if ((await op.commit()).ok) return { orderId: order.id };
    // A concurrent delivery or a taken slug: read again and retry.
  }
  throw new Error(`could not complete transaction ${txId}`);
}

const refundPayment = defineJob<{ transactionId: string }>(
  "payment.refund",
  async ({ transactionId }) => {
    // The test checkout moves no money; with Stripe the refund is idempotent per transaction.
    if (!config().stripeSecretKey) return;
    const tx = (await kv().get<Transaction>(keys.transaction(transactionId))).value;
    if (!tx?.paymentIntentId) return;
    await stripe().refunds.create({ payment_intent: tx.paymentIntentId }, {
      idempotencyKey: `refund-${tx.id}`,
    });
  },
);

/**
 * A paid checkout that cannot become an order (the buyer already owns the template, or it was
 * taken off sale meanwhile): record the event, mark the payment refunded, queue the refund and
 * tell the buyer, in `op`. False when the commit lost a race.
 */
async function refundUndeliverable(
  op: Deno.AtomicOperation,
  eventId: string,
  tx: Transaction,
  session: Stripe.Checkout.Session,
  reason: string,
) {
  const now = nowIso();
  const pi = typeof session.payment_intent === "string" ? session.payment_intent : null;
  op.set(keys.stripeEvent(eventId), { type: "checkout.session.completed", at: now, effect: true })
    .set(keys.transaction(tx.id), {
      ...tx,
      status: "refunded",
      completedAt: now,
      paymentIntentId: pi,
      checkoutSessionId: session.id ?? tx.checkoutSessionId,
    });
  if (pi) op.set(keys.transactionByPaymentIntent(pi), tx.id);
  addEvent(op, `user:${tx.buyerId}`, "order_refunded", {
    title: "Your payment was refunded",
    body: reason,
    href: "/orders",
    at: now,
  });
  await refundPayment({ transactionId: tx.id }, { atomic: op });
  return (await op.commit()).ok;
}

/**
 * Reverse a delivered order: the seller's held amount, the figures, the purchase. An admin refunds
 * within the refund window only (the Stripe refund is queued in the same commit); Stripe's own
 * `charge.refunded` is recorded whenever it comes, taking a released amount back from the
 * seller's available balance.
 */
export async function refundOrder(orderId: string, opts: { admin?: UserRecord; eventId?: string }) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const evEntry = opts.eventId ? await kv().get(keys.stripeEvent(opts.eventId)) : null;
    if (evEntry?.value) return (await kv().get<Order>(keys.order(orderId))).value!;
    const orderEntry = await kv().get<Order>(keys.order(orderId));
    const order = orderEntry.value;
    if (!order) throw notFound("Order");
    if (order.status === "refunded") {
      if (evEntry) {
        await kv().atomic().check(evEntry).set(keys.stripeEvent(opts.eventId!), {
          type: "charge.refunded",
          at: nowIso(),
          effect: false,
        }).commit();
      }
      return order;
    }
    if (opts.admin && !adminRefundable(order)) {
      throw conflict(
        "refund_window_closed",
        "The refund window has ended and the seller has been paid; refund in Stripe if needed",
      );
    }
    const txEntry = await kv().get<Transaction>(keys.transaction(order.transactionId));
    const listingEntry = await kv().get<Listing>(keys.listing(order.listingId));
    const balEntry = await kv().get<Balance>(keys.balance(order.sellerId));
    const bal = balEntry.value ?? emptyBalance();
    const now = nowIso();
    const refunded: Order = { ...order, status: "refunded", refundedAt: now };
    const op = kv().atomic().check(orderEntry, txEntry, listingEntry, balEntry)
      .set(keys.order(orderId), refunded)
      .set(keys.purchase(order.buyerId, order.listingId), { orderId, status: "refunded" })
      .set(
        keys.balance(order.sellerId),
        order.released
          ? { ...bal, available: bal.available - order.sellerAmount }
          : { ...bal, held: bal.held - order.sellerAmount },
      );
    if (txEntry.value) {
      op.set(keys.transaction(order.transactionId), { ...txEntry.value, status: "refunded" });
    }
    if (listingEntry.value) {
      op.set(keys.listing(order.listingId), {
        ...listingEntry.value,
        soldCount: Math.max(0, listingEntry.value.soldCount - 1),
      });
      const soldPage = { id: listingEntry.value.pageId, ownerId: order.sellerId };
      bumpPageStat(op, soldPage, "sales", -1);
      bumpPageStat(op, soldPage, "revenue", -order.price);
    }
    if (evEntry) {
      op.set(keys.stripeEvent(opts.eventId!), { type: "charge.refunded", at: now, effect: true });
    }
    if (opts.admin) {
      await refundPayment({ transactionId: order.transactionId }, { atomic: op });
      const audit = auditEntry(opts.admin.id, "order.refund", `order:${orderId}`, {
        status: order.status,
      }, {
        status: "refunded",
      });
      op.set(keys.audit(audit.id), audit);
    }
    bumpStats(op, { orders: -1, revenue: -order.price, platformFees: -order.platformFee });
    await mailOrderParties({ orderId, event: "refunded" }, { atomic: op });
    addEvent(op, `user:${order.sellerId}`, "sale", {
      title: `"${order.title}" was refunded`,
      body: `${formatMoney(order.sellerAmount, order.currency)} was taken back from your balance`,
      href: "/sales",
      orderId,
      at: now,
    });
    addEvent(op, `user:${order.buyerId}`, "order_refunded", {
      title: `Your purchase of "${order.title}" was refunded`,
      body: "You keep the copy you made; it no longer receives updates",
      href: "/orders",
      orderId,
      at: now,
    });
    if ((await op.commit()).ok) return refunded;
  }
  throw conflict("busy", "The order changed concurrently, try again");
}

// ---------- orders, sales, payouts

async function ordersFrom(prefix: Deno.KvKey): Promise<Order[]> {
  const ids = await listAll<string>(prefix);
  const out: Order[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const entries = await kv().getMany<Order[]>(ids.slice(i, i + 10).map(keys.order));
    for (const e of entries) if (e.value) out.push(e.value);
  }
  return out.reverse();
}

export const listOrdersOfBuyer = (buyerId: string) => ordersFrom(["orders_by_buyer", buyerId]);
export const listOrdersOfSeller = (sellerId: string) => ordersFrom(["orders_by_seller", sellerId]);

export async function getOrder(id: string): Promise<Order> {
  const order = (await kv().get<Order>(keys.order(id))).value;
  if (!order) throw notFound("Order");
  return order;
}

/** An admin may refund a delivered order until its funds are released to the seller. */
export const adminRefundable = (order: Order) => order.status === "delivered" && !order.released;

export async function listAllOrders(filter: { status?: string } = {}): Promise<Order[]> {
  return (await listAll<Order>(keys.ordersAll()))
    .filter((o) => !filter.status || o.status === filter.status).reverse();
}

export const payoutSchema = z.object({
  amount: z.number().int().min(100, "The minimum payout is 1.00"),
});

export async function requestPayout(user: UserRecord, amount: number): Promise<Payout> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const balEntry = await kv().get<Balance>(keys.balance(user.id));
    const bal = balEntry.value ?? emptyBalance();
    if (amount > bal.available) {
      throw conflict("insufficient_funds", "The amount is more than your available balance", {
        balance: bal,
      });
    }
    const payout: Payout = {
      id: newId(),
      userId: user.id,
      amount,
      currency: bal.currency,
      status: "requested",
      createdAt: nowIso(),
      paidAt: null,
    };
    const res = await kv().atomic().check(balEntry)
      .set(keys.balance(user.id), { ...bal, available: bal.available - amount })
      .set(keys.payout(payout.id), payout)
      .set(keys.payoutsByUser(user.id, payout.id), payout.id)
      .commit();
    if (res.ok) return payout;
  }
  throw conflict("busy", "Your balance changed concurrently, try again");
}

export async function listPayouts(userId?: string): Promise<Payout[]> {
  return (await listAll<Payout>(keys.payoutsAll()))
    .filter((p) => !userId || p.userId === userId).reverse();
}

export async function markPayoutPaid(admin: UserRecord, id: string): Promise<Payout> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await kv().get<Payout>(keys.payout(id));
    const payout = entry.value;
    if (!payout) throw notFound("Payout");
    if (payout.status === "paid") return payout;
    const balEntry = await kv().get<Balance>(keys.balance(payout.userId));
    const bal = balEntry.value ?? emptyBalance();
    const paid: Payout = { ...payout, status: "paid", paidAt: nowIso() };
    const audit = auditEntry(admin.id, "payout.paid", `payout:${id}`, { status: payout.status }, {
      status: "paid",
      amount: payout.amount,
    });
    const res = await kv().atomic().check(entry, balEntry)
      .set(keys.payout(id), paid)
      .set(keys.balance(payout.userId), { ...bal, paidOut: bal.paidOut + payout.amount })
      .set(keys.audit(audit.id), audit)
      .commit();
    if (res.ok) return paid;
  }
  throw conflict("busy", "The payout changed concurrently, try again");
}

// The one money formatter (kept under this name for existing imports).
import { formatMoney } from "../format.ts";
export { formatMoney };

// ---------- built-in test checkout (no STRIPE_SECRET_KEY)

/** Sign a checkout.session.completed event for `tx` and post it to our own webhook. */
export async function payWithTestCheckout(buyerId: string, txId: string) {
  const tx = await getOwnTransaction(buyerId, txId);
  if (config().stripeSecretKey) throw notFound("Test checkout");
  if (tx.status !== "pending") {
    throw conflict("already_paid", `This payment is already ${tx.status}`);
  }
  const payload = JSON.stringify({
    id: `evt_test_${newId()}`,
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
  const signature = await stripe().webhooks.generateTestHeaderStringAsync({
    payload,
    secret: config().stripeWebhookSecret,
  });
  const res = await fetch(`${config().internalOrigin}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  await res.body?.cancel();
  if (!res.ok) throw new AppError(502, "payment_failed", "The payment could not be confirmed");
  return tx;
}
