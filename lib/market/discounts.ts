// Discount codes: a seller's codes for one listing or for all their listings, percent or a fixed
// amount (minor units of the listing's currency), with a usage limit, an expiry and a minimum
// price. A code is checked when a checkout starts (unknown, expired or used up → 422) and its use
// is counted once, in the commit that completes the payment (lib/payments/completion.ts): see
// `countRedemption` for why the count is taken there and not reserved at checkout.
import type { UserRecord } from "../auth/index.ts";
import { AppError, conflict, invalid, notFound } from "../http/index.ts";
import { keys, kv, newId, nowIso } from "../kv/index.ts";
import { z } from "zod";
import type { Listing } from "./model.ts";

export interface Discount {
  id: string;
  sellerId: string;
  /** Upper case; unique per seller (a seller-wide and a listing code cannot share a name). */
  code: string;
  /** null: every listing of the seller. */
  listingId: string | null;
  percentOff: number | null;
  amountOff: number | null;
  /** The currency `amountOff` is in; a fixed discount applies only to listings priced in it. */
  currency: string | null;
  maxRedemptions: number | null;
  /** The listing price (minor units) below which the code does not apply. */
  minPrice: number | null;
  expiresAt: string | null;
  createdAt: string;
}

export const discountKeys = {
  discount: (sellerId: string, code: string) => ["discounts", sellerId, code],
  discountsOf: (sellerId: string) => ["discounts", sellerId],
  /** Completed redemptions of a code (a plain number, checked and set in the completion commit). */
  uses: (sellerId: string, code: string) => ["discount_uses", sellerId, code],
};

export const normalCode = (code: string) => code.trim().toUpperCase();

export const discountSchema = z.object({
  code: z.string().trim().min(3, "Use 3 to 32 letters, digits, - or _").max(32)
    .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, - or _"),
  percentOff: z.number().int().min(1).max(100).optional(),
  amountOff: z.number().int().min(1).max(1_000_000_000).optional(),
  /** Seller-wide fixed discounts name their currency; a listing's code uses the listing's. */
  currency: z.enum(["usd", "eur", "gbp", "vnd", "thb"]).optional(),
  maxRedemptions: z.number().int().min(1).max(1_000_000).optional(),
  minPrice: z.number().int().min(0).max(1_000_000_000).optional(),
  expiresAt: z.string().datetime({ offset: true }).optional(),
}).refine((v) => (v.percentOff === undefined) !== (v.amountOff === undefined), {
  message: "Give either percentOff or amountOff",
  path: ["percentOff"],
});

export type DiscountInput = z.infer<typeof discountSchema>;

/** Create a code for `listingId` (the seller's own) or, with null, for all the seller's listings. */
export async function createDiscount(
  seller: UserRecord,
  listingId: string | null,
  input: DiscountInput,
): Promise<Discount> {
  let currency: string | null = input.currency ?? null;
  if (listingId) {
    const listing = (await kv().get<Listing>(keys.listing(listingId))).value;
    if (!listing || listing.sellerId !== seller.id) throw notFound("Listing");
    // A free listing has nothing to take off; an amount in another currency is a mistake, not
    // something to rewrite silently.
    if (listing.price === 0) throw invalid("This template is free", { listingId: "free" });
    if (input.amountOff !== undefined && currency && currency !== listing.currency) {
      throw invalid(`The listing is priced in ${listing.currency.toUpperCase()}`, {
        currency: `must be ${listing.currency}`,
      });
    }
    currency = listing.currency;
  } else if (input.amountOff !== undefined && !currency) {
    throw invalid("A fixed discount for all your listings needs its currency", {
      currency: "required with amountOff",
    });
  }
  if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) {
    throw invalid("The expiry is in the past", { expiresAt: "in the past" });
  }
  const discount: Discount = {
    id: newId(),
    sellerId: seller.id,
    code: normalCode(input.code),
    listingId,
    percentOff: input.percentOff ?? null,
    amountOff: input.amountOff ?? null,
    currency: input.amountOff !== undefined ? currency : null,
    maxRedemptions: input.maxRedemptions ?? null,
    minPrice: input.minPrice ?? null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    createdAt: nowIso(),
  };
  const key = discountKeys.discount(seller.id, discount.code);
  const res = await kv().atomic().check({ key, versionstamp: null }).set(key, discount).commit();
  if (!res.ok) throw conflict("code_taken", `You already have a code ${discount.code}`);
  return discount;
}

/** The seller's codes with their redemption counts. */
export async function listDiscounts(sellerId: string) {
  const out: (Discount & { redemptions: number })[] = [];
  for await (const e of kv().list<Discount>({ prefix: discountKeys.discountsOf(sellerId) })) {
    out.push({ ...e.value, redemptions: await redemptions(e.value) });
  }
  return out;
}

export const redemptions = async (d: Pick<Discount, "sellerId" | "code">) =>
  (await kv().get<number>(discountKeys.uses(d.sellerId, d.code))).value ?? 0;

/**
 * The smallest charge the card processor takes per currency (Stripe's minimums), in minor units:
 * a discount may make a template free but not cheaper than this.
 */
export const MIN_CHARGE: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  thb: 1_000,
  vnd: 13_000,
};

/** The price of `listing` with `discount` applied, or why the code does not apply to it. */
export function discountedPrice(
  discount: Discount,
  listing: Pick<Listing, "id" | "sellerId" | "price" | "currency">,
): { price: number } | { problem: string } {
  if (discount.sellerId !== listing.sellerId) return { problem: "not for this template" };
  if (discount.listingId && discount.listingId !== listing.id) {
    return { problem: "not for this template" };
  }
  if (listing.price === 0) return { problem: "the template is free" };
  if (discount.minPrice !== null && listing.price < discount.minPrice) {
    return { problem: "not for templates at this price" };
  }
  if (discount.amountOff !== null) {
    if (discount.currency !== listing.currency) return { problem: "not for this currency" };
    return { price: Math.max(0, listing.price - discount.amountOff) };
  }
  // Percent off rounds the discount half up, so the buyer never pays a fraction more.
  const off = Math.round((listing.price * (discount.percentOff ?? 0)) / 100);
  return { price: Math.max(0, listing.price - off) };
}

/**
 * The code `code` of `sellerId` when it may be used now: unknown, expired and used-up codes are a
 * 422 (the contract's answer at payment/create).
 */
export async function usableDiscount(sellerId: string, code: string): Promise<Discount | null> {
  const d = (await kv().get<Discount>(discountKeys.discount(sellerId, normalCode(code)))).value;
  if (!d) return null;
  if (d.expiresAt && Date.parse(d.expiresAt) <= Date.now()) {
    throw new AppError(422, "discount_expired", `The code ${d.code} has expired`);
  }
  if (d.maxRedemptions !== null && (await redemptions(d)) >= d.maxRedemptions) {
    throw new AppError(422, "discount_used_up", `The code ${d.code} has been used up`);
  }
  return d;
}

/**
 * Count one redemption of `code` in `op`, the commit that completes the payment. Returns false
 * (nothing added) when the code is already at its limit: the caller then refunds the payment.
 *
 * Why count at completion rather than reserve at checkout: the contract counts a redemption when
 * the payment completes, and a reservation would let abandoned checkouts (a VNPay page left open,
 * a Stripe session never paid) hold the last uses of a code until they expire. The count is a
 * version-checked read → set in the same commit as the order, so two payments completing at once
 * with one use left cannot both commit: the loser re-reads, sees the limit and is refunded.
 * (Completions of one seller's sales also meet on the seller's balance check; the counter's own
 * check keeps the limit exact without relying on that.)
 */
export async function countRedemption(
  op: Deno.AtomicOperation,
  sellerId: string,
  code: string,
): Promise<boolean> {
  const d = (await kv().get<Discount>(discountKeys.discount(sellerId, code))).value;
  const usesEntry = await kv().get<number>(discountKeys.uses(sellerId, code));
  op.check(usesEntry);
  const used = usesEntry.value ?? 0;
  if (d?.maxRedemptions != null && used >= d.maxRedemptions) return false;
  op.set(discountKeys.uses(sellerId, code), used + 1);
  return true;
}
