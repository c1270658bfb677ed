// Background work of the money domain: releasing held funds after the refund window, asking the
// provider for a refund, and the emails to buyer and seller. Each is queued inside the commit of
// the change that causes it.
import { getUser } from "../auth/index.ts";
import { config } from "../config.ts";
import { keys, kv, noCommit, retryAtomic } from "../kv/index.ts";
import {
  buyerRefundEmail,
  mailLocale,
  mailT,
  receiptEmail,
  saleEmail,
  saleRefundEmail,
  sendMail,
} from "../mail/index.ts";
import { defineJob } from "../queue/index.ts";
import { balanceEntry } from "./balances.ts";
import { formatDateIn, formatMoneyIn, type Locale } from "../i18n/index.ts";
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
    // Each party reads the mail in their own language, money and dates as they write them.
    const money = (n: number, locale: Locale) => formatMoneyIn(n, order.currency, locale);
    if (buyer) {
      const lang = mailLocale(buyer);
      const tr = mailT(lang);
      const price = money(order.price, lang);
      await sendMail({
        to: buyer.email,
        ...(event === "delivered"
          ? receiptEmail(
            order.title,
            price,
            order.id,
            formatDateIn(order.createdAt, lang),
            {
              label: tr("mail.receipt.button"),
              url: `${origin}/pages/${order.createdPageId}/edit`,
            },
            tr(
              order.licence === "commercial" ? "mail.receipt.commercial" : "mail.receipt.personal",
            ),
            lang,
          )
          : buyerRefundEmail({
            title: order.title,
            price,
            ...(event === "refunded" ? {} : { amount: money(amount ?? order.price, lang) }),
          }, lang)),
      });
    }
    if (seller) {
      const lang = mailLocale(seller);
      const price = money(order.price, lang);
      const url = `${origin}/sales`;
      await sendMail({
        to: seller.email,
        ...(event === "delivered"
          ? saleEmail({
            title: order.title,
            price,
            share: money(order.sellerAmount, lang),
            fee: money(order.platformFee, lang),
            days: config().refundWindowDays,
            url,
          }, lang)
          : saleRefundEmail(
            {
              title: order.title,
              price,
              amount: money(amount ?? order.price, lang),
              sellerAmount: money(sellerAmount ?? order.sellerAmount, lang),
              url,
            },
            event === "refunded",
            lang,
          )),
      });
    }
  },
);
