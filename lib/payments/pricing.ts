// What a checkout charges: the listings of one purchase (a single template or a bundle of
// several, from one or more sellers, in one currency), each at its price after a discount code.
import type { UserRecord } from "../auth/index.ts";
import { AppError, conflict, invalid, notFound } from "../http/index.ts";
import { keys, kv } from "../kv/index.ts";
import { isOnSale, isSellerSuspended, type Listing } from "../market/index.ts";
import { type Discount, discountedPrice, MIN_CHARGE, usableDiscount } from "../market/discounts.ts";
import { formatMoney } from "../format.ts";
import type { Purchase, TxItem } from "./model.ts";

/** A bundle holds at most this many listings (each one's order is written in one KV commit). */
export const BUNDLE_MAX = 10;

export interface PricedCheckout {
  items: TxItem[];
  listings: Listing[];
  currency: string;
  total: number;
  discount: { sellerId: string; code: string } | null;
}

/** The listings `ids` as `buyer` would pay for them now, with `code` applied where it may be. */
export async function priceCheckout(
  buyer: UserRecord,
  ids: string[],
  code?: string | null,
): Promise<PricedCheckout> {
  if (ids.length === 0) throw invalid("Choose at least one template", { listingIds: "empty" });
  if (ids.length > BUNDLE_MAX) {
    throw invalid(`A bundle holds at most ${BUNDLE_MAX} templates`, { listingIds: "too many" });
  }
  if (new Set(ids).size !== ids.length) {
    throw invalid("A template is in the bundle twice", { listingIds: "duplicate" });
  }
  const listings: Listing[] = [];
  for (const id of ids) {
    const listing = (await kv().get<Listing>(keys.listing(id))).value;
    if (!listing || listing.status !== "approved") throw notFound("Listing");
    if (listing.sellerId === buyer.id) {
      throw conflict("own_listing", "You cannot buy your own template");
    }
    if (!isOnSale(listing) || await isSellerSuspended(listing.sellerId)) {
      throw conflict("not_on_sale", `"${listing.title}" is not on sale at the moment`);
    }
    const purchase = (await kv().get<Purchase>(keys.purchase(buyer.id, id))).value;
    if (purchase?.status === "delivered") {
      throw conflict("already_bought", `You already own "${listing.title}"`);
    }
    listings.push(listing);
  }
  const currency = listings[0].currency;
  if (listings.some((l) => l.currency !== currency)) {
    throw new AppError(
      422,
      "mixed_currencies",
      "Templates priced in different currencies cannot be bought together",
    );
  }
  const items: TxItem[] = listings.map((l) => ({
    listingId: l.id,
    sellerId: l.sellerId,
    title: l.title,
    listPrice: l.price,
    amount: l.price,
  }));
  let discount: PricedCheckout["discount"] = null;
  if (code?.trim()) {
    const applied = await applyCode(listings, items, code);
    if (!applied) {
      throw new AppError(422, "discount_unknown", `The code ${code.trim()} is not valid here`);
    }
    discount = { sellerId: applied.sellerId, code: applied.code };
  }
  const total = items.reduce((s, i) => s + i.amount, 0);
  // 0 is free (no card payment); anything between 0 and the minimum charge cannot be paid.
  const min = MIN_CHARGE[currency] ?? 0;
  if (discount && total > 0 && total < min) {
    throw new AppError(
      422,
      "discount_below_minimum",
      `With this code the price would be ${formatMoney(total, currency)}, under the minimum ` +
        `charge of ${formatMoney(min, currency)}`,
    );
  }
  return { items, listings, currency, discount, total };
}

/**
 * Apply the first seller's code named `code` (in item order) to each of that seller's items it
 * covers; null when no item's seller has such a code or it covers none of them. Expired and
 * used-up codes throw their 422.
 */
async function applyCode(listings: Listing[], items: TxItem[], code: string) {
  const sellers = [...new Set(listings.map((l) => l.sellerId))];
  for (const sellerId of sellers) {
    const d: Discount | null = await usableDiscount(sellerId, code);
    if (!d) continue;
    let hit = false;
    listings.forEach((l, i) => {
      const priced = discountedPrice(d, l);
      if ("price" in priced) {
        items[i].amount = priced.price;
        hit = true;
      }
    });
    if (hit) return d;
  }
  return null;
}

/** A listing's price for the listing page's `?code=`: the discounted price, or null. */
export async function previewDiscount(listing: Listing, code: string | undefined) {
  if (!code?.trim()) return null;
  try {
    const d = await usableDiscount(listing.sellerId, code);
    const priced = d && discountedPrice(d, listing);
    if (!d || !priced || !("price" in priced)) return { code, problem: "This code does not apply" };
    return { code: d.code, price: priced.price };
  } catch (err) {
    if (err instanceof AppError) return { code, problem: err.message };
    throw err;
  }
}
