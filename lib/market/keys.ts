// KV keys of the marketplace: listings and their indexes, purchases, reviews.
export const marketKeys = {
  listing: (id: string) => ["listings", id],
  listingsAll: () => ["listings"],
  listingByPage: (pageId: string) => ["listings_by_page", pageId],
  listingsBySeller: (sellerId: string, id: string) => ["listings_by_seller", sellerId, id],
  listingsOfSeller: (sellerId: string) => ["listings_by_seller", sellerId],
  /**
   * Browse index of listings on sale: `index` is newest|popular|rating|price, `scope` a category
   * or "*" (all), `parts` the order-preserving sort values ending with the listing id (see
   * lib/market/browse-index.ts). The value is `{ s: sellerId, p: price }`.
   */
  listingSort: (index: string, scope: string, ...parts: (string | number)[]) => [
    "listings_by_sort",
    index,
    scope,
    ...parts,
  ],
  listingSortScope: (index: string, scope: string) => ["listings_by_sort", index, scope],
  /**
   * The admin's moderation lists: one entry per listing under its status (value: the id), plus
   * approved listings whose update awaits review under "pending"; written by `writeListing`.
   */
  listingByStatus: (status: string, id: string) => ["listings_by_status", status, id],
  listingsByStatus: (status: string) => ["listings_by_status", status],
  /** Which version of the browse index the store's listings were backfilled to. */
  listingIndexVersion: () => ["listings_index_version"],
  purchase: (buyerId: string, listingId: string) => ["purchases", buyerId, listingId],
  review: (listingId: string, buyerId: string) => ["reviews", listingId, buyerId],
  reviews: (listingId: string) => ["reviews", listingId],
  /** A listing's reviews in the order written (review ids are time-ordered); value: buyer id. */
  reviewByTime: (listingId: string, reviewId: string) => ["reviews_by_time", listingId, reviewId],
  reviewsByTime: (listingId: string) => ["reviews_by_time", listingId],
  /** Set once every stored review has its reviews_by_time entry. */
  reviewIndexVersion: () => ["reviews_index_version"],
  /** A seller's storefront profile (lib/market/sellers.ts). */
  sellerProfile: (userId: string) => ["seller_profiles", userId],
  /** handle → user id: the unique claim, checked and set in the profile's commit. */
  sellerHandle: (handle: string) => ["seller_handles", handle],
  sellerHandles: () => ["seller_handles"],
  /** Sum counters of the ratings of a seller's reviews (the storefront's rating). */
  sellerRatingSum: (sellerId: string) => ["seller_rating", sellerId, "sum"],
  sellerRatingCount: (sellerId: string) => ["seller_rating", sellerId, "count"],
  /** Set once the two counters hold every review (reviews from before them are summed once). */
  sellerRatingReady: (sellerId: string) => ["seller_rating", sellerId, "ready"],
  /** One like per user and listing; the value is when (ms), to take its weight out again. */
  listingLike: (listingId: string, userId: string) => ["listing_likes", listingId, userId],
  /** The same like indexed by user (value: listing id), set and deleted in the like's commit. */
  likeByUser: (userId: string, listingId: string) => ["likes_by_user", userId, listingId],
  likesByUser: (userId: string) => ["likes_by_user", userId],
  /** Set once every stored like has its likes_by_user entry (likes from before the index). */
  likeIndexVersion: () => ["likes_by_user_version"],
  /** Views of a listing's page (a KV sum counter written by bufferSum's flush). */
  listingViews: (listingId: string) => ["listing_views", listingId],
} as const;
