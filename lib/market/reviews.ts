// Reviews: a buyer with a delivered order rates a template once (an explicit rating and a few
// words), may edit it later, and the seller hears of each new one. The listing's rating
// aggregates move in the same commit as the review.
import { z } from "zod";
import type { UserRecord } from "../auth/index.ts";
import { getUser } from "../auth/index.ts";
import { config } from "../config.ts";
import { conflict, forbidden, notFound, parseWith } from "../http/index.ts";
import {
  addToCounter,
  getMany,
  keys,
  kv,
  listAll,
  listKvPage,
  newId,
  nowIso,
  type Paged,
  retryAtomic,
} from "../kv/index.ts";
import { mailLocale, newReviewEmail, sendMail } from "../mail/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { notifierFor } from "../notifications/text.ts";
import type { Listing, Review } from "./model.ts";
import { writeListing } from "./browse-index.ts";
import { refreshListing } from "./text-index.ts";

/** After a commit: this process's search index and page cache follow the new rating at once. */
const refreshed = async <T extends { listing: Listing }>(out: T): Promise<T> => {
  await refreshListing(out.listing.id);
  return out;
};

/** Fewest words a comment needs: a rating with "ok" tells the next buyer nothing. */
export const MIN_REVIEW_WORDS = 3;
const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

export const reviewSchema = z.object({
  // No default: the buyer must choose (a form's empty choice arrives as 0 or NaN and fails).
  rating: z.number({ error: "Choose a rating from 1 to 5 stars" }).int(
    "Choose a rating from 1 to 5 stars",
  )
    .min(1, "Choose a rating from 1 to 5 stars").max(5, "Choose a rating from 1 to 5 stars"),
  comment: z.string({ error: "Write a few words about the template" }).trim()
    .max(2000, "Keep the review under 2,000 characters")
    .refine(
      (c) => words(c) >= MIN_REVIEW_WORDS,
      `Write at least ${MIN_REVIEW_WORDS} words about the template`,
    ),
});

export const replySchema = z.object({
  text: z.string({ error: "Write a reply" }).trim().min(1, "Write a reply")
    .max(2000, "Keep the reply under 2,000 characters"),
});

const withRating = (listing: Listing, ratingSum: number, reviewCount: number): Listing => ({
  ...listing,
  ratingSum,
  reviewCount,
  rating: reviewCount ? Math.round((ratingSum / reviewCount) * 100) / 100 : 0,
});

const mailNewReview = defineJob<{ listingId: string; buyerId: string }>(
  "review.mail",
  async ({ listingId, buyerId }) => {
    const review = (await kv().get<Review>(keys.review(listingId, buyerId))).value;
    const listing = (await kv().get<Listing>(keys.listing(listingId))).value;
    const seller = listing && await getUser(listing.sellerId);
    if (!review || !listing || !seller) return;
    await sendMail({
      to: seller.email,
      ...newReviewEmail({
        title: listing.title,
        rating: review.rating,
        name: review.buyerName,
        comment: review.comment,
        url: `${config().appOrigin}/marketplace/${listing.id}`,
      }, mailLocale(seller)),
    });
  },
);

/** Only a buyer with a delivered order may review, once; the rating updates atomically. */
export async function addReview(
  buyer: UserRecord,
  listingId: string,
  raw: unknown,
): Promise<{ review: Review; listing: Listing }> {
  const purchase = (await kv().get<{ orderId: string; status: string }>(
    keys.purchase(buyer.id, listingId),
  )).value;
  if (!(await kv().get<Listing>(keys.listing(listingId))).value) throw notFound("Listing");
  if (!purchase || purchase.status !== "delivered") {
    throw forbidden("Only buyers of this template can review it");
  }
  // Validated here, after who may review (a stranger learns nothing from a 422), for every
  // caller: the API route and the HTML form.
  const input = parseWith(reviewSchema, raw);
  const review: Review = {
    id: newId(),
    listingId,
    buyerId: buyer.id,
    buyerName: buyer.name,
    rating: input.rating,
    comment: input.comment,
    createdAt: nowIso(),
  };
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Listing>(keys.listing(listingId));
    const listing = entry.value;
    if (!listing) throw notFound("Listing");
    const existing = await kv().get(keys.review(listingId, buyer.id));
    if (existing.value) throw conflict("already_reviewed", "You already reviewed this template");
    const next = withRating(listing, listing.ratingSum + review.rating, listing.reviewCount + 1);
    op.check(entry, existing).set(keys.review(listingId, buyer.id), review)
      .set(keys.reviewByTime(listingId, review.id), buyer.id);
    addToCounter(op, keys.sellerRatingSum(listing.sellerId), review.rating);
    addToCounter(op, keys.sellerRatingCount(listing.sellerId), 1);
    writeListing(op, listing, next);
    const seller = await notifierFor(listing.sellerId);
    addEvent(op, `user:${listing.sellerId}`, "review", {
      title: seller.t("server.notif.review.title", {
        rating: review.rating,
        title: listing.title,
      }),
      body: review.comment.slice(0, 200),
      href: `/marketplace/${listingId}`,
      listingId,
      rating: review.rating,
      at: review.createdAt,
    });
    await mailNewReview({ listingId, buyerId: buyer.id }, { atomic: op });
    return { review, listing: next };
  }).then(refreshed);
}

/** A buyer edits their own review; the listing's aggregates swap the old rating for the new. */
export async function editReview(
  buyer: UserRecord,
  listingId: string,
  raw: unknown,
): Promise<{ review: Review; listing: Listing }> {
  return await retryAtomic(async (op) => {
    const reviewEntry = await kv().get<Review>(keys.review(listingId, buyer.id));
    const entry = await kv().get<Listing>(keys.listing(listingId));
    const before = reviewEntry.value;
    const listing = entry.value;
    if (!before || !listing) throw notFound("Review");
    const input = parseWith(reviewSchema, raw);
    const review: Review = {
      ...before,
      rating: input.rating,
      comment: input.comment,
      updatedAt: nowIso(),
    };
    const next = withRating(
      listing,
      listing.ratingSum - before.rating + review.rating,
      listing.reviewCount,
    );
    op.check(reviewEntry, entry).set(keys.review(listingId, buyer.id), review);
    addToCounter(op, keys.sellerRatingSum(listing.sellerId), review.rating - before.rating);
    writeListing(op, listing, next);
    return { review, listing: next };
  }).then(refreshed);
}

/** Post a review, or update the one the buyer already wrote (the HTML form does both). */
export async function saveReview(buyer: UserRecord, listingId: string, raw: unknown) {
  const mine = (await kv().get(keys.review(listingId, buyer.id))).value;
  return mine ? await editReview(buyer, listingId, raw) : await addReview(buyer, listingId, raw);
}

/**
 * The seller answers a review of their listing: one reply per review, which they may edit (the
 * buyer is told). Anyone else, or a review that is not there, is a 404.
 */
export async function replyToReview(
  seller: UserRecord,
  listingId: string,
  reviewId: string,
  raw: unknown,
): Promise<{ review: Review }> {
  // The body first: it says nothing about whose review this is.
  const input = parseWith(replySchema, raw);
  const listing = (await kv().get<Listing>(keys.listing(listingId))).value;
  if (!listing || listing.sellerId !== seller.id) throw notFound("Review");
  const buyerId = /^[0-9A-Z]{26}$/.test(reviewId)
    ? (await kv().get<string>(keys.reviewByTime(listingId, reviewId))).value
    : null;
  if (!buyerId) throw notFound("Review");
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Review>(keys.review(listingId, buyerId));
    const before = entry.value;
    if (!before || before.id !== reviewId) throw notFound("Review");
    const now = nowIso();
    const review: Review = {
      ...before,
      reply: before.reply
        ? { ...before.reply, text: input.text, updatedAt: now }
        : { text: input.text, createdAt: now },
    };
    op.check(entry).set(keys.review(listingId, buyerId), review);
    if (!before.reply) {
      const buyer = await notifierFor(buyerId);
      addEvent(op, `user:${buyerId}`, "review_reply", {
        title: buyer.t("server.notif.reviewReply.title", {
          name: listing.sellerName,
          title: listing.title,
        }),
        body: input.text.slice(0, 200),
        href: `/marketplace/${listingId}`,
        listingId,
        at: now,
      });
    }
    return { review };
  });
}

/** The viewer's own review of a listing, if they wrote one. */
export async function getOwnReview(buyerId: string, listingId: string): Promise<Review | null> {
  return (await kv().get<Review>(keys.review(listingId, buyerId))).value;
}

/**
 * Every review of a listing, newest first. Loads the whole collection: kept for exports and
 * scripts; pages use `listReviewsPage`.
 */
export async function listReviews(listingId: string): Promise<Review[]> {
  return (await listAll<Review>(keys.reviews(listingId)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** One page of a listing's reviews, newest first, by KV cursor over the reviews_by_time index. */
export async function listReviewsPage(
  listingId: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Review>> {
  await ensureReviewIndex();
  const ids = await listKvPage<string>(keys.reviewsByTime(listingId), page);
  const items = await getMany<Review>(ids.items.map((buyerId) => keys.review(listingId, buyerId)));
  return { items, cursor: ids.cursor };
}

const REVIEW_INDEX_VERSION = 1;
const indexed = new WeakMap<Deno.Kv, Promise<void>>();

/** Give reviews stored before the index their entries: once per store (a KV flag), idempotent. */
export function ensureReviewIndex(): Promise<void> {
  const store = kv();
  let running = indexed.get(store);
  if (!running) {
    running = backfillReviewIndex(store).catch((err) => {
      indexed.delete(store);
      throw err;
    });
    indexed.set(store, running);
  }
  return running;
}

export async function backfillReviewIndex(store: Deno.Kv = kv()) {
  if ((await store.get(keys.reviewIndexVersion())).value === REVIEW_INDEX_VERSION) return;
  let op = store.atomic();
  let n = 0;
  // Setting an entry twice is harmless (same key, same value), so a live addReview racing this
  // needs no check.
  for await (const e of store.list<Review>({ prefix: ["reviews"] })) {
    op.set(keys.reviewByTime(e.value.listingId, e.value.id), e.value.buyerId);
    if (++n % 50 === 0) {
      await op.commit();
      op = store.atomic();
    }
  }
  await op.commit();
  await store.set(keys.reviewIndexVersion(), REVIEW_INDEX_VERSION);
}
