// A buyer's cart: listings to buy together as one bundle (one payment, one order each). Kept
// server-side (one small KV value per user) so it follows the buyer across tabs; listings they
// own by now, or that left the marketplace, drop out when it is read.
import { invalid } from "../http/index.ts";
import { keys, kv, noCommit, retryAtomic } from "../kv/index.ts";
import { isOnSale, type Listing } from "../market/index.ts";
import type { Purchase } from "./model.ts";
import { BUNDLE_MAX } from "./pricing.ts";

/** The listings in `userId`'s cart that they can still buy, in the order added. */
export async function getCart(userId: string): Promise<Listing[]> {
  const ids = (await kv().get<string[]>(keys.cart(userId))).value ?? [];
  if (!ids.length) return [];
  // At most BUNDLE_MAX (10) ids: one getMany each for the listings and the buyer's purchases.
  const listings = await kv().getMany<Listing[]>(ids.map(keys.listing));
  const purchases = await kv().getMany<Purchase[]>(ids.map((id) => keys.purchase(userId, id)));
  return listings.flatMap((e, i) => {
    const l = e.value;
    const owned = (purchases[i].value as Purchase | null)?.status === "delivered";
    return l && isOnSale(l) && l.sellerId !== userId && !owned ? [l] : [];
  });
}

/** Add or remove one listing (idempotent); the cart holds at most BUNDLE_MAX. */
export async function updateCart(userId: string, listingId: string, action: "add" | "remove") {
  return await retryAtomic(async (op) => {
    const entry = await kv().get<string[]>(keys.cart(userId));
    const ids = entry.value ?? [];
    const has = ids.includes(listingId);
    if ((action === "add") === has) return noCommit(ids);
    if (action === "add" && ids.length >= BUNDLE_MAX) {
      throw invalid(`A cart holds at most ${BUNDLE_MAX} templates`);
    }
    const next = action === "add" ? [...ids, listingId] : ids.filter((id) => id !== listingId);
    op.check(entry).set(keys.cart(userId), next);
    return next;
  });
}

/** Empty the cart (after its bundle was paid for). */
export const clearCart = (userId: string) => kv().delete(keys.cart(userId));
