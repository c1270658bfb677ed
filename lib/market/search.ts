// Browsing the marketplace: listings on sale, from sellers in good standing, filtered and sorted.
import { z } from "zod";
import { keys, listAll, type Paged, parseLimit } from "../kv/index.ts";
import { isOnSale } from "./listings.ts";
import type { Listing } from "./model.ts";
import { suspendedSellers } from "./versions.ts";

export const SORT_OPTIONS = ["newest", "popular", "rating", "price_asc", "price_desc"] as const;

export const searchSchema = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(40).optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  sort: z.enum(SORT_OPTIONS).default("newest"),
  limit: z.string().optional(),
  cursor: z.string().max(20).optional(),
});

const SORTS: Record<string, (a: Listing, b: Listing) => number> = {
  newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
  popular: (a, b) => b.soldCount - a.soldCount || b.createdAt.localeCompare(a.createdAt),
  rating: (a, b) => b.rating - a.rating || b.reviewCount - a.reviewCount,
  price_asc: (a, b) => a.price - b.price,
  price_desc: (a, b) => b.price - a.price,
};

/** Listings on sale matching the query; the cursor is an offset into the sorted result. */
export async function searchListings(query: z.infer<typeof searchSchema>): Promise<Paged<Listing>> {
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const candidates = (await listAll<Listing>(keys.listingsAll())).filter((l) =>
    isOnSale(l) &&
    (!query.category || l.category === query.category) &&
    (query.minPrice === undefined || l.price >= query.minPrice) &&
    (query.maxPrice === undefined || l.price <= query.maxPrice) &&
    words.every((w) =>
      `${l.title} ${l.description} ${l.category} ${l.sellerName}`.toLowerCase().includes(w)
    )
  );
  // Suspension is read from the sellers' records each time, so it takes effect at once.
  const off = await suspendedSellers(candidates.map((l) => l.sellerId));
  const matches = candidates.filter((l) => !off.has(l.sellerId)).sort(SORTS[query.sort]);
  const limit = parseLimit(query.limit);
  const offset = Math.max(0, Number(query.cursor) || 0);
  const items = matches.slice(offset, offset + limit);
  return { items, cursor: offset + limit < matches.length ? String(offset + limit) : null };
}
