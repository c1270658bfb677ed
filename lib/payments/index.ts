// Payments, orders, seller balances and payouts: the surface other folders import. A purchase is
// confirmed only by a signed provider event (or the built-in test checkout, which signs the same
// event and posts it to our own webhook).
//   checkout.ts          start a payment (one open checkout per buyer and listing), test checkout
//   pricing.ts           what a checkout charges: one listing or a bundle, discount codes
//   cart.ts              a buyer's cart of listings to buy together
//   bundle-refunds.ts    a bundle's refunds: the payment's facts spread over its orders
//   providers/provider.ts  what a provider offers checkout.ts (Stripe, VNPay, MoMo), HMAC helpers
//   providers/stripe.ts  Stripe client, webhook verification and parsing, sessions, refunds
//   providers/vnpay.ts   VNPay v2.1.0 checkout URL, checksum, IPN
//   providers/momo.ts    MoMo captureWallet create request, IPN
//   webhook.ts           the Stripe webhook: completion, or refund/dispute facts
//   completion.ts        the exactly-once completion commit (order, copy, held credit)
//   refunds.ts           refunds (partial, cumulative), disputes, admin refunds
//   notify.ts            queued work: release after the refund window, provider refunds, emails
//   balances.ts          seller balances
//   orders.ts payouts.ts reading orders; payouts
//   payout-details.ts    where a seller is paid (bank or Stripe Connect), masked when shown
//   payout-transfer.ts   settling a payout: paid (email, notice) or failed; the Stripe transfer job
export type { Order, Payout, Purchase, Transaction } from "./model.ts";
export { PLATFORM_FEE_PERCENT, platformFee } from "./model.ts";
export {
  type Balance,
  emptyBalance,
  getBalance,
  getBalances,
  primaryBalance,
  publicBalances,
} from "./balances.ts";
export {
  createPayment,
  getOwnTransaction,
  openMomoTestGateway,
  openVnpayTestGateway,
  payWithMomoTestGateway,
  payWithTestCheckout,
  payWithVnpayTestGateway,
} from "./checkout.ts";
export { handleStripeWebhook } from "./webhook.ts";
export { BUNDLE_MAX, previewDiscount, priceCheckout } from "./pricing.ts";
export { clearCart, getCart, updateCart } from "./cart.ts";
export { type ProviderName, PROVIDERS } from "./providers/provider.ts";
export { handleVnpayIpn, vnpayVerified } from "./providers/vnpay.ts";
export { handleMomoIpn, momoIpnSignature } from "./providers/momo.ts";
export { adminRefundable, refundOrder, splitRefund } from "./refunds.ts";
export {
  getOrder,
  indexOrderStatus,
  listAllOrders,
  listOrdersOfBuyer,
  listOrdersOfSeller,
  pageOrdersOfBuyer,
  pageOrdersOfSeller,
} from "./orders.ts";
export {
  getOwnPayout,
  listPayouts,
  listPayoutsPage,
  markPaidSchema,
  markPayoutPaid,
  payoutSchema,
  requestPayout,
} from "./payouts.ts";
export {
  deletePayoutDetails,
  destinationLabel,
  getPayoutDestination,
  getPayoutDetails,
  type MaskedPayoutDetails,
  maskPayoutDetails,
  PAYOUT_SETTINGS_URL,
  type PayoutDetails,
  payoutDetailsSchema,
  setPayoutDetails,
} from "./payout-details.ts";
export { TRANSFER_ATTEMPTS } from "./payout-transfer.ts";

export { formatMoney } from "../format.ts";
