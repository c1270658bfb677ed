// KV keys of money: transactions, orders, balances, payouts, processed provider events.
export const paymentKeys = {
  transaction: (id: string) => ["transactions", id],
  transactionByPaymentIntent: (pi: string) => ["transactions_by_pi", pi],
  openCheckout: (buyerId: string, listingId: string) => ["open_checkouts", buyerId, listingId],
  order: (id: string) => ["orders", id],
  ordersAll: () => ["orders"],
  /** Orders by status (value: the order id), newest first by id: the admin status filters. */
  orderByStatus: (status: string, id: string) => ["orders_by_status", status, id],
  ordersByStatus: (status: string) => ["orders_by_status", status],
  ordersByBuyer: (buyerId: string, id: string) => ["orders_by_buyer", buyerId, id],
  ordersBySeller: (sellerId: string, id: string) => ["orders_by_seller", sellerId, id],
  /**
   * One seller balance per currency. The usd balance keeps the key all balances had before they
   * were split by currency (["balances", user]), so stored balances still read as usd; the
   * others sit under it (a prefix list of ["balances", user] never returns that key itself).
   */
  balance: (userId: string, currency = "usd") =>
    currency === "usd" ? ["balances", userId] : ["balances", userId, currency],
  balancesOf: (userId: string) => ["balances", userId],
  payout: (id: string) => ["payouts", id],
  payoutsAll: () => ["payouts"],
  payoutsByUser: (userId: string, id: string) => ["payouts_by_user", userId, id],
  payoutsOfUser: (userId: string) => ["payouts_by_user", userId],
  stripeEvent: (eventId: string) => ["stripe_events", eventId],
  /** A buyer's cart: the listing ids they mean to buy together (a bundle). */
  cart: (userId: string) => ["carts", userId],
} as const;
