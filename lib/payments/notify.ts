// Background work of the money domain: releasing held funds after the refund window, asking the
// provider for a refund, and the emails to buyer and seller. Each is queued inside the commit of
// the change that causes it.
import { getUser } from "../auth/index.ts";
import { config } from "../config.ts";
import { keys, kv, noCommit, retryAtomic } from "../kv/index.ts";
import { receiptEmail, sendMail } from "../mail/index.ts";
import { defineJob } from "../queue/index.ts";
import { balanceEntry } from "./balances.ts";
import { formatMoney } from "../format.ts";
import type { Order, Transaction } from "./model.ts";
import { stripeRefund } from "./providers/stripe.ts";

/** Move an order's remaining seller share from held to available (not while disputed). */
export const releaseFunds = defineJob<{ orderId: string }>("order.release", async ({ orderId }) => {
  await retryAtomic(async (op) => {
    const orderEntry = await kv().get<Order>(keys.order(orderId));
    const order = orderEntry.value;
    if (!order || order.status !== "delivered" || order.released || order.disputed) {
      return noCommit(undefined);
    }
    const { entry, balance } = await balanceEntry(order.sellerId, order.currency);
    const remaining = order.sellerAmount - (order.refundedSellerAmount ?? 0);
    op.check(orderEntry, entry)
      .set(keys.order(orderId), { ...order, released: true })
      .set(keys.balance(order.sellerId, order.currency), {
        ...balance,
        held: balance.held - remaining,
        available: balance.available + remaining,
      });
  });
});

/**
 * Ask the provider to refund a transaction (idempotent per transaction), or with `orderId` and
 * `amount` one order of a bundle (idempotent per order).
 */
export const refundPayment = defineJob<
  { transactionId: string; orderId?: string; amount?: number }
>(
  "payment.refund",
  async ({ transactionId, orderId, amount }) => {
    const tx = (await kv().get<Transaction>(keys.transaction(transactionId))).value;
    if (tx) await stripeRefund(tx, orderId && amount ? { orderId, amount } : undefined);
  },
);

type MailEvent = "delivered" | "refunded" | "partially_refunded";

/** Email the buyer (a receipt, or the refund) and the seller (the sale, or its reversal). */
export const mailOrderParties = defineJob<
  { orderId: string; event: MailEvent; amount?: number; sellerAmount?: number }
>(
  "order.mail",
  async ({ orderId, event, amount, sellerAmount }) => {
    const order = (await kv().get<Order>(keys.order(orderId))).value;
    if (!order) return;
    const [buyer, seller] = await Promise.all([getUser(order.buyerId), getUser(order.sellerId)]);
    const origin = config().appOrigin;
    const price = formatMoney(order.price, order.currency);
    const share = formatMoney(order.sellerAmount, order.currency);
    const fee = formatMoney(order.platformFee, order.currency);
    const back = formatMoney(amount ?? order.price, order.currency);
    const sellerBack = formatMoney(sellerAmount ?? order.sellerAmount, order.currency);
    if (buyer) {
      await sendMail(
        event === "delivered"
          ? {
            ...receiptEmail(
              order.title,
              price,
              order.id,
              order.createdAt.slice(0, 10),
              { label: "Edit your copy", url: `${origin}/pages/${order.createdPageId}/edit` },
              order.licence === "commercial" ? "Commercial use" : "Personal use",
            ),
            to: buyer.email,
          }
          : event === "refunded"
          ? {
            to: buyer.email,
            subject: `Refunded: ${order.title}`,
            text: `Your purchase of ${order.title} (${price}) was refunded to your card. ` +
              `You keep the copy you made.`,
          }
          : {
            to: buyer.email,
            subject: `Partly refunded: ${order.title}`,
            text: `${back} of your purchase of ${order.title} (${price}) was refunded to your ` +
              `card.`,
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
            subject: `${event === "refunded" ? "Refunded" : "Partly refunded"}: ${order.title}`,
            text: `${back} of the sale of ${order.title} (${price}) was refunded; ${sellerBack} ` +
              `was taken back from your balance.\n\n${origin}/sales`,
          },
      );
    }
  },
);
