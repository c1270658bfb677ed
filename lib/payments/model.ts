// The records of the money domain and the keys it owns beyond lib/kv's shared builders.
/** One listing of a transaction: its list price and the (discounted) amount charged for it. */
export interface TxItem {
  listingId: string;
  sellerId: string;
  title: string;
  listPrice: number;
  amount: number;
}

export interface Transaction {
  id: string;
  /** The (first) listing; a bundle's are all in `items`. */
  listingId: string;
  buyerId: string;
  /** The (first) listing's seller; a bundle's sellers are in `items`. */
  sellerId: string;
  /** The total charged (the sum of the items' amounts). */
  amount: number;
  /** Set on bundles and discounted or free checkouts; absent: one item, `listingId` at `amount`. */
  items?: TxItem[];
  /** A discount code applied (its use is counted when the payment completes). */
  discount?: { sellerId: string; code: string } | null;
  /** The orders of a completed bundle, in item order (`orderId` is the first). */
  orderIds?: string[];
  currency: string;
  /**
   * `refunded`: the whole payment went back (before or after its order), nothing is delivered.
   * `failed`: the provider said the payment did not go through (VNPay, MoMo); a new Buy starts over.
   */
  status: "pending" | "completed" | "refunded" | "failed";
  /** Who takes the money; absent on older records (Stripe). */
  provider?: "stripe" | "vnpay" | "momo" | "free";
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
  /** The licence the listing stated when bought (absent on older orders: personal). */
  licence?: "personal" | "commercial";
  createdPageId: string;
  price: number;
  currency: string;
  /** round(price × 10%), kept by the platform. */
  platformFee: number;
  /** price − platformFee, held for the refund window, then released to the seller. */
  sellerAmount: number;
  /** `refunded` once the whole price went back; a partial refund leaves it `delivered`. */
  status: "delivered" | "refunded";
  /** The seller's remaining share is in their available balance. */
  released: boolean;
  createdAt: string;
  refundedAt: string | null;
  /** Refunded so far (refunds and lost disputes), and how it splits into fee and seller share. */
  refundedAmount?: number;
  refundedFee?: number;
  refundedSellerAmount?: number;
  /** An open dispute: the seller's share stays held until it closes. */
  disputed?: boolean;
  /** For people: "Partly refunded: $10.00 of $19.99", or null. */
  refundNote?: string | null;
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
  /** `failed`: a Stripe transfer failed for good; the amount went back to the available balance. */
  status: "requested" | "paid" | "failed";
  createdAt: string;
  paidAt: null | string;
  /** The bank transfer reference an admin entered, or the Stripe transfer id. */
  reference?: string | null;
  /** Where it goes, masked ("Bank ···1234 (DE)"); absent on payouts from before payout details. */
  destination?: string;
  /** Paid by a queued Stripe transfer (not by hand); `attempts` counts its tries. */
  transfer?: { attempts: number; lastError: string | null } | null;
}

/**
 * What the payment provider told us about one payment, whatever order its events came in:
 * cumulative and monotonic, so merging a duplicate or an older event changes nothing.
 */
export interface PaymentFacts {
  /** The largest `amount_refunded` seen (Stripe's cumulative figure). */
  amountRefunded: number;
  /** A refund event said the whole charge was refunded (or named no amount). */
  fullyRefunded: boolean;
  /** Disputes by id: a closed status always wins over `open`, whichever arrives first. */
  disputes: Record<string, { status: "open" | "won" | "lost"; amount: number }>;
}

export const emptyFacts = (): PaymentFacts => ({
  amountRefunded: 0,
  fullyRefunded: false,
  disputes: {},
});

/** The items of a transaction (older and single-listing records: one item, the listing). */
export const txItems = (tx: Transaction): TxItem[] =>
  tx.items ?? [{
    listingId: tx.listingId,
    sellerId: tx.sellerId,
    title: "",
    listPrice: tx.amount,
    amount: tx.amount,
  }];

export const paymentKeys = {
  /** Facts of a payment by its payment intent (`pi_…`) or, lacking one, by `tx:<transactionId>`. */
  facts: (ref: string) => ["payment_facts", ref],
};

export const PLATFORM_FEE_PERCENT = 10;
export const platformFee = (price: number) => Math.round((price * PLATFORM_FEE_PERCENT) / 100);
