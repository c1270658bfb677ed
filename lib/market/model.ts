// The marketplace's records and the keys it owns beyond lib/kv's shared builders.
import type { PageRecord } from "../pages/index.ts";

type Content = PageRecord["content"];
type Seo = PageRecord["seo"];

export const CATEGORIES = [
  "saas",
  "startup",
  "agency",
  "ecommerce",
  "event",
  "portfolio",
  "newsletter",
  "nonprofit",
  "other",
] as const;

const CATEGORY_LABELS: Record<string, string> = { saas: "SaaS", ecommerce: "E-commerce" };

/** A category as people read it ("saas" → "SaaS", "event" → "Event"). */
export const categoryLabel = (category: string) =>
  CATEGORY_LABELS[category] ?? category.charAt(0).toUpperCase() + category.slice(1);

/** What a buyer may do with a template: `personal` (own projects) or `commercial` (clients' too). */
export const LICENCES = ["personal", "commercial"] as const;
export type Licence = typeof LICENCES[number];
export const licenceLabel = (l: Licence | undefined) =>
  (l ?? "personal") === "commercial" ? "Commercial licence" : "Personal licence";

export type ListingStatus = "pending" | "approved" | "rejected" | "archived";

export interface Listing {
  id: string;
  pageId: string;
  sellerId: string;
  sellerName: string;
  title: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  images: string[];
  status: ListingStatus;
  /** The listed page is published (kept in step by lib/market/listing-sync.ts); absent on old records. */
  pagePublished?: boolean;
  /**
   * An approved listing whose page was republished with other content: the change waits for an
   * admin while buyers keep getting the approved version.
   */
  updatePending?: boolean;
  approvedAt?: string | null;
  rejectReason: string | null;
  soldCount: number;
  /** Absent on listings made before licences: read as "personal". */
  licence?: Licence;
  /** Signed-in users' hearts (exact: moved in the same commit as the like record). */
  likeCount?: number;
  /**
   * The "popular" sort's score: log of Σ weight·e^((t − epoch)/τ) over sales and likes (see
   * engagement.ts). Every score decays alike, so the order needs no periodic re-scoring.
   */
  popularity?: number;
  rating: number;
  ratingSum: number;
  reviewCount: number;
  previewUrl: string;
  thumbnailUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Review {
  id: string;
  listingId: string;
  buyerId: string;
  buyerName: string;
  rating: number;
  comment: string;
  createdAt: string;
  updatedAt?: string;
  /** The seller's one answer, editable by them. */
  reply?: { text: string; createdAt: string; updatedAt?: string } | null;
}

/** A seller's public storefront (/s/:handle); the handle is unique (claimed via an index key). */
export interface SellerProfile {
  userId: string;
  handle: string;
  bio: string;
  avatarUrl: string | null;
  updatedAt: string;
}

/** The content a listing delivers, pinned when an admin approves it. */
export interface ApprovedVersion {
  listingId: string;
  content: Content;
  seo: Seo;
  /** Hash of the blocks, to recognise copies (see versions.ts). */
  fingerprint: string;
  publishedAt: string | null;
  approvedAt: string;
}

export const marketKeys = {
  /** The pinned version's record (without its content, which is stored in chunks). */
  approvedVersion: (listingId: string) => ["listing_versions", listingId],
  /** A pinned content's UTF-8 JSON in pieces under KV's 64 KiB value limit. */
  versionChunk: (listingId: string, versionId: string, n: number) => [
    "listing_version_chunks",
    listingId,
    versionId,
    n,
  ],
  /** Blocks fingerprint of an approved version → the listing it belongs to. */
  fingerprint: (hash: string) => ["listing_fingerprints", hash],
};
