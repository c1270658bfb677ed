// Marketplace listings and reviews. A listing offers a published page as a paid template; it is
// visible to buyers once an admin approves it.
import { z } from "zod";
import { auditEntry } from "../admin/index.ts";
import { getUser, type UserRecord } from "../auth/index.ts";
import { config } from "../config.ts";
import { sendMail } from "../mail/index.ts";
import { AppError, conflict, forbidden, notFound, parseWith } from "../http/index.ts";
import { keys, kv, listAll, newId, nowIso, type Paged, parseLimit } from "../kv/index.ts";
import { getPage, siteUrl } from "../pages/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { bumpStats } from "../admin/stats.ts";
import { saveBlob } from "../uploads/index.ts";
import { screenshot } from "../sites/screenshots.ts";

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
  rejectReason: string | null;
  soldCount: number;
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
}

const imageUrl = z.string().max(2000).refine(
  (v) => /^(https?:\/\/|\/uploads\/)/i.test(v),
  "Images must be an http(s) URL or an upload",
);

export const createListingSchema = z.object({
  pageId: z.string().min(1).max(40),
  title: z.string().trim().min(3, "Use at least 3 characters").max(120),
  description: z.string().trim().min(10, "Describe the template in a sentence or two").max(4000),
  category: z.enum(CATEGORIES),
  price: z.number().int("Prices are whole minor units (cents)").min(
    100,
    "The minimum price is 1.00",
  )
    .max(1_000_000),
  currency: z.enum(["usd", "eur", "gbp"]).default("usd"),
  images: z.array(imageUrl).max(8).default([]),
});

/** Approved, and its page is live: buyers can find it and pay for it. */
export const isOnSale = (listing: Listing) =>
  listing.status === "approved" && listing.pagePublished !== false;

export async function getListing(id: string): Promise<Listing | null> {
  return (await kv().get<Listing>(keys.listing(id))).value;
}

/** A listing as `viewer` may see it: approved ones for everyone, others for the seller and admins. */
export async function getVisibleListing(id: string, viewer: UserRecord | null): Promise<Listing> {
  const listing = await getListing(id);
  if (
    !listing ||
    (listing.status !== "approved" && viewer?.id !== listing.sellerId && viewer?.role !== "admin")
  ) throw notFound("Listing");
  return listing;
}

const screenshotListing = defineJob<{ listingId: string }>(
  "listing.screenshot",
  async ({ listingId }) => {
    const listing = await getListing(listingId);
    if (!listing) return;
    const png = await screenshot(listing.previewUrl);
    if (!png) return; // no Chromium: cards show the placeholder
    const blob = await saveBlob(png, "image/png", listing.sellerId);
    for (let i = 0; i < 5; i++) {
      const entry = await kv().get<Listing>(keys.listing(listingId));
      if (!entry.value) return;
      const res = await kv().atomic().check(entry)
        .set(keys.listing(listingId), { ...entry.value, thumbnailUrl: `/uploads/${blob.id}` })
        .commit();
      if (res.ok) return;
    }
  },
);

export async function createListing(
  seller: UserRecord,
  input: z.infer<typeof createListingSchema>,
): Promise<Listing> {
  const page = await getPage(input.pageId);
  if (!page || page.ownerId !== seller.id) throw notFound("Page");
  if (page.status !== "published") {
    throw new AppError(422, "page_not_published", "Publish the page before listing it", {
      pageId: "not published",
    });
  }
  if (page.sourceListingId) {
    throw forbidden("A page bought from the marketplace cannot be resold");
  }
  const now = nowIso();
  const listing: Listing = {
    id: newId(),
    pageId: page.id,
    sellerId: seller.id,
    sellerName: seller.name,
    title: input.title,
    description: input.description,
    category: input.category,
    price: input.price,
    currency: input.currency,
    images: input.images,
    status: "pending",
    pagePublished: true,
    rejectReason: null,
    soldCount: 0,
    rating: 0,
    ratingSum: 0,
    reviewCount: 0,
    previewUrl: siteUrl(page.slug),
    thumbnailUrl: null,
    createdAt: now,
    updatedAt: now,
  };
  const op = kv().atomic()
    .check({ key: keys.listingByPage(page.id), versionstamp: null })
    .set(keys.listing(listing.id), listing)
    .set(keys.listingByPage(page.id), listing.id)
    .set(keys.listingsBySeller(seller.id, listing.id), listing.id);
  bumpStats(op, { pendingListings: 1 });
  await screenshotListing({ listingId: listing.id }, { atomic: op });
  if (!(await op.commit()).ok) throw conflict("already_listed", "This page is already listed");
  return listing;
}

export const updateListingSchema = createListingSchema.omit({ pageId: true, currency: true })
  .partial();

function countListingMove(op: Deno.AtomicOperation, from: ListingStatus, to: ListingStatus) {
  bumpStats(op, {
    pendingListings: Number(to === "pending") - Number(from === "pending"),
    listings: Number(to === "approved") - Number(from === "approved"),
  });
}

/**
 * A seller edits their listing. A rejected one goes back for review, and so does an approved one
 * whose words or pictures change; a new price alone needs no review.
 */
export async function updateListing(
  seller: UserRecord,
  id: string,
  body: unknown,
): Promise<Listing> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    // Someone else's listing is a 404 whatever the body holds.
    if (!before || before.sellerId !== seller.id) throw notFound("Listing");
    if (before.status === "archived") {
      throw conflict("listing_withdrawn", "This listing was withdrawn; list the page again");
    }
    const input = parseWith(updateListingSchema, body);
    const edited: Listing = { ...before, ...input, updatedAt: nowIso() };
    const reworded = edited.title !== before.title || edited.description !== before.description ||
      edited.category !== before.category ||
      JSON.stringify(edited.images) !== JSON.stringify(before.images);
    const status = before.status === "rejected" || (before.status === "approved" && reworded)
      ? "pending"
      : before.status;
    const after: Listing = {
      ...edited,
      status,
      rejectReason: status === "pending" ? null : before.rejectReason,
    };
    const op = kv().atomic().check(entry).set(keys.listing(id), after);
    countListingMove(op, before.status, after.status);
    if ((await op.commit()).ok) return after;
  }
  throw conflict("busy", "The listing changed concurrently, try again");
}

/** Take a listing off the marketplace for good; its page may be listed again. */
export async function withdrawListing(seller: UserRecord, id: string): Promise<Listing> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    if (!before || before.sellerId !== seller.id) throw notFound("Listing");
    if (before.status === "archived") return before;
    const after: Listing = { ...before, status: "archived", updatedAt: nowIso() };
    const op = kv().atomic().check(entry).set(keys.listing(id), after)
      .delete(keys.listingByPage(before.pageId));
    countListingMove(op, before.status, after.status);
    if ((await op.commit()).ok) return after;
  }
  throw conflict("busy", "The listing changed concurrently, try again");
}

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

/** Approved listings matching the query; the cursor is an offset into the sorted result. */
export async function searchListings(query: z.infer<typeof searchSchema>): Promise<Paged<Listing>> {
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (await listAll<Listing>(keys.listingsAll())).filter((l) =>
    isOnSale(l) &&
    (!query.category || l.category === query.category) &&
    (query.minPrice === undefined || l.price >= query.minPrice) &&
    (query.maxPrice === undefined || l.price <= query.maxPrice) &&
    words.every((w) =>
      `${l.title} ${l.description} ${l.category} ${l.sellerName}`.toLowerCase().includes(w)
    )
  ).sort(SORTS[query.sort]);
  const limit = parseLimit(query.limit);
  const offset = Math.max(0, Number(query.cursor) || 0);
  const items = matches.slice(offset, offset + limit);
  return { items, cursor: offset + limit < matches.length ? String(offset + limit) : null };
}

export async function listSellerListings(sellerId: string): Promise<Listing[]> {
  const ids = await listAll<string>(["listings_by_seller", sellerId]);
  const entries = ids.length ? await Promise.all(ids.map(getListing)) : [];
  return entries.filter((l): l is Listing => l !== null).reverse();
}

export async function listListingsByStatus(status?: string): Promise<Listing[]> {
  return (await listAll<Listing>(keys.listingsAll()))
    .filter((l) => !status || l.status === status).reverse();
}

const mailReviewedListing = defineJob<{ listingId: string }>(
  "listing.mail",
  async ({ listingId }) => {
    const listing = await getListing(listingId);
    const seller = listing && await getUser(listing.sellerId);
    if (!listing || !seller || !["approved", "rejected"].includes(listing.status)) return;
    const url = `${config().appOrigin}/marketplace/${listing.id}`;
    await sendMail(
      listing.status === "approved"
        ? {
          to: seller.email,
          subject: `${listing.title} is live in the marketplace`,
          text: `Your template ${listing.title} was approved; buyers can find it now.\n\n${url}`,
        }
        : {
          to: seller.email,
          subject: `${listing.title} was not approved`,
          text: `Your template ${listing.title} was not approved: ${listing.rejectReason}\n\n` +
            `Edit it and resubmit: ${url}/edit`,
        },
    );
  },
);

/** Approve or reject a pending listing; the seller is told, the action audited. */
export async function reviewListing(
  admin: UserRecord,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<Listing> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    if (!before) throw notFound("Listing");
    if (before.status === (decision.approve ? "approved" : "rejected")) return before;
    if (before.status === "archived") {
      throw conflict("listing_withdrawn", "The seller withdrew this listing");
    }
    const after: Listing = {
      ...before,
      status: decision.approve ? "approved" : "rejected",
      rejectReason: decision.approve ? null : decision.reason,
      updatedAt: nowIso(),
    };
    const op = kv().atomic().check(entry).set(keys.listing(id), after);
    countListingMove(op, before.status, after.status);
    const audit = auditEntry(
      admin.id,
      decision.approve ? "listing.approve" : "listing.reject",
      `listing:${id}`,
      { status: before.status },
      { status: after.status, reason: after.rejectReason },
    );
    op.set(keys.audit(audit.id), audit);
    addEvent(op, `user:${before.sellerId}`, "listing_reviewed", {
      title: decision.approve
        ? `"${before.title}" is live in the marketplace`
        : `"${before.title}" was not approved`,
      body: decision.approve ? "Buyers can find it now." : decision.reason,
      href: `/marketplace/${id}`,
      listingId: id,
      status: after.status,
      at: after.updatedAt,
    });
    await mailReviewedListing({ listingId: id }, { atomic: op });
    if ((await op.commit()).ok) return after;
  }
  throw conflict("busy", "The listing changed concurrently, try again");
}

export const reviewSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(""),
});

/** Only a buyer with a delivered order may review, once; the rating updates atomically. */
export async function addReview(
  buyer: UserRecord,
  listingId: string,
  input: z.infer<typeof reviewSchema>,
): Promise<{ review: Review; listing: Listing }> {
  const purchase = (await kv().get<{ orderId: string; status: string }>(
    keys.purchase(buyer.id, listingId),
  )).value;
  const listingNow = await getListing(listingId);
  if (!listingNow) throw notFound("Listing");
  if (!purchase || purchase.status !== "delivered") {
    throw forbidden("Only buyers of this template can review it");
  }
  const review: Review = {
    id: newId(),
    listingId,
    buyerId: buyer.id,
    buyerName: buyer.name,
    rating: input.rating,
    comment: input.comment,
    createdAt: nowIso(),
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await kv().get<Listing>(keys.listing(listingId));
    const listing = entry.value!;
    const ratingSum = listing.ratingSum + review.rating;
    const reviewCount = listing.reviewCount + 1;
    const next: Listing = {
      ...listing,
      ratingSum,
      reviewCount,
      rating: Math.round((ratingSum / reviewCount) * 100) / 100,
    };
    const existing = await kv().get(keys.review(listingId, buyer.id));
    if (existing.value) throw conflict("already_reviewed", "You already reviewed this template");
    const res = await kv().atomic()
      .check(entry)
      .check({ key: keys.review(listingId, buyer.id), versionstamp: null })
      .set(keys.review(listingId, buyer.id), review)
      .set(keys.listing(listingId), next)
      .commit();
    if (res.ok) return { review, listing: next };
  }
  throw conflict("busy", "The listing changed concurrently, try again");
}

export async function listReviews(listingId: string): Promise<Review[]> {
  return (await listAll<Review>(keys.reviews(listingId)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
