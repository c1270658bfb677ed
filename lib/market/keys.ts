// KV keys of the marketplace: listings and their indexes, purchases, reviews.
export const marketKeys = {
  listing: (id: string) => ["listings", id],
  listingsAll: () => ["listings"],
  listingByPage: (pageId: string) => ["listings_by_page", pageId],
  listingsBySeller: (sellerId: string, id: string) => ["listings_by_seller", sellerId, id],
  purchase: (buyerId: string, listingId: string) => ["purchases", buyerId, listingId],
  review: (listingId: string, buyerId: string) => ["reviews", listingId, buyerId],
  reviews: (listingId: string) => ["reviews", listingId],
} as const;
