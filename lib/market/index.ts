// The marketplace: the surface other folders import.
//   model.ts         Listing, Review, categories, the keys this folder owns
//   listings.ts      create, edit, withdraw, admin review (approval pins the delivered version)
//   versions.ts      the approved version, copy fingerprints, seller suspension
//   search.ts        browsing listings on sale (per-query page cache)
//   browse-index.ts  the KV browse index (one entry per sort and scope), `writeListing`, backfill
//   text-index.ts    the in-process text index (MiniSearch) kept current by listing events
//   reviews.ts       buyers' reviews and rating aggregates
//   listing-sync.ts  a listed page and its listing move together (used by lib/pages, lib/sites)
//   sellers.ts       storefronts: unique handles, profiles, a seller's listings by cursor
//   engagement.ts    listing views (buffered) and likes; popularity.ts scores the popular sort
export {
  type ApprovedVersion,
  CATEGORIES,
  categoryLabel,
  type Licence,
  licenceLabel,
  LICENCES,
  type Listing,
  type ListingStatus,
  type Review,
  type SellerProfile,
} from "./model.ts";
export {
  getSellerProfile,
  getStorefront,
  handleSchema,
  listSellerListingsPage,
  RESERVED_HANDLES,
  saveSellerProfile,
  sellerByHandle,
  sellerListingsOnSale,
  sellerProfileSchema,
  sellerRating,
  type Storefront,
  storefrontHandles,
} from "./sellers.ts";
export {
  countListingView,
  hasLiked,
  likesOf,
  listingViews,
  removeLikesOf,
  setLike,
} from "./engagement.ts";
export {
  createListing,
  createListingSchema,
  getListing,
  getVisibleListing,
  isOnSale,
  listListingsByStatus,
  listSellerListings,
  newListingSchema,
  reviewListing,
  updateListing,
  updateListingSchema,
  withdrawListing,
} from "./listings.ts";
export { approvedVersion, isSellerSuspended, suspendedSellers } from "./versions.ts";
export { browseGeneration, searchListings, searchSchema, SORT_OPTIONS } from "./search.ts";
export {
  backfillBrowseIndex,
  ensureBrowseIndex,
  writeListing,
  writeSellerStanding,
} from "./browse-index.ts";
export {
  addReview,
  backfillReviewIndex,
  editReview,
  getOwnReview,
  listReviews,
  listReviewsPage,
  replySchema,
  replyToReview,
  reviewSchema,
  saveReview,
} from "./reviews.ts";
export { publicPaths, SITEMAP_MAX } from "./sitemap.ts";
export { popularity } from "./popularity.ts";
