// Listings: a seller offers a published page they made as a paid template; an admin approves
// it (pinning the version buyers receive) or rejects it; sellers edit and withdraw their own.
import { z } from "zod";
import { assertPriceInBounds, PRICE_MAX, priceBoundsIssue } from "./prices.ts";
import { auditEntry } from "../admin/index.ts";
import { bumpStats } from "../admin/stats.ts";
import { getUser, type UserRecord } from "../auth/index.ts";
import { config } from "../config.ts";
import { AppError, conflict, notFound, parseWith } from "../http/index.ts";
import {
  getMany,
  keys,
  kv,
  listAll,
  listKvPage,
  newId,
  noCommit,
  nowIso,
  type Paged,
  retryAtomic,
} from "../kv/index.ts";
import { listingReviewedEmail, mailLocale, sendMail } from "../mail/index.ts";
import { getPage, siteUrl } from "../pages/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { notifierFor } from "../notifications/text.ts";
import { screenshot } from "../sites/screenshots.ts";
import { saveBlob } from "../uploads/index.ts";
import {
  type ApprovedVersion,
  CATEGORIES,
  type Licence,
  LICENCES,
  type Listing,
  type ListingStatus,
  marketKeys,
} from "./model.ts";
import {
  assertNotBought,
  assertOriginal,
  derivedPage,
  fingerprint,
  isSellerSuspended,
  liveVersion,
  readStoredVersion,
  writeApprovedVersion,
} from "./versions.ts";
import { ensureBrowseIndex, writeListing } from "./browse-index.ts";
import { refreshListing } from "./text-index.ts";

/**
 * A listing write through `retryAtomic`; once committed, this process's search index and page
 * cache follow at once (other processes follow the market event the write logged).
 */
async function committed(
  attempt: Parameters<typeof retryAtomic<Listing>>[0],
): Promise<Listing> {
  const listing = await retryAtomic(attempt);
  await refreshListing(listing.id);
  return listing;
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
  // Whole minor units; the bounds depend on the currency (prices.ts, checked on create/update).
  price: z.number().int("Prices are whole minor units (cents)").min(0, "Prices cannot be negative")
    .max(PRICE_MAX, "The price is too high"),
  currency: z.enum(["usd", "eur", "gbp", "vnd", "thb"]).default("usd"),
  images: z.array(imageUrl).max(8).default([]),
  licence: z.enum(LICENCES, { error: "Choose a personal or a commercial licence" }).default(
    "personal",
  ),
});

/** Approved, and its page is live: buyers can find it and pay for it (the seller checked apart). */
export const isOnSale = (listing: Listing) =>
  listing.status === "approved" && listing.pagePublished !== false;

export async function getListing(id: string): Promise<Listing | null> {
  return (await kv().get<Listing>(keys.listing(id))).value;
}

/**
 * A listing as `viewer` may see it: approved ones of sellers in good standing for everyone,
 * others for the seller and admins.
 */
export async function getVisibleListing(id: string, viewer: UserRecord | null): Promise<Listing> {
  const listing = await getListing(id);
  const privileged = !!listing && (viewer?.id === listing.sellerId || viewer?.role === "admin");
  if (
    !listing ||
    (!privileged && (listing.status !== "approved" || await isSellerSuspended(listing.sellerId)))
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
    await retryAtomic(async (op) => {
      const entry = await kv().get<Listing>(keys.listing(listingId));
      if (!entry.value) return noCommit(undefined);
      writeListing(op.check(entry), entry.value, {
        ...entry.value,
        thumbnailUrl: `/uploads/${blob.id}`,
      });
    });
    await refreshListing(listingId);
  },
);

export async function createListing(
  seller: UserRecord,
  input: Omit<z.infer<typeof createListingSchema>, "licence"> & { licence?: Licence },
): Promise<Listing> {
  const page = await getPage(input.pageId);
  if (!page || page.ownerId !== seller.id) throw notFound("Page");
  if (page.status !== "published") {
    throw new AppError(422, "page_not_published", "Publish the page before listing it", {
      pageId: "not published",
    });
  }
  // A bought copy, a duplicate of one, or the same blocks pasted into a new page.
  if (page.sourceListingId) throw derivedPage();
  await assertOriginal(seller.id, (await liveVersion(page))?.content ?? page.content);
  await assertOriginal(seller.id, page.content);
  assertPriceInBounds(input.price, input.currency);
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
    licence: input.licence ?? "personal",
    status: "pending",
    pagePublished: true,
    updatePending: false,
    approvedAt: null,
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
    .set(keys.listingByPage(page.id), listing.id)
    .set(keys.listingsBySeller(seller.id, listing.id), listing.id);
  writeListing(op, null, listing);
  bumpStats(op, { pendingListings: 1 });
  await screenshotListing({ listingId: listing.id }, { atomic: op });
  if (!(await op.commit()).ok) throw conflict("already_listed", "This page is already listed");
  await refreshListing(listing.id);
  return listing;
}

/** A new listing's fields with the price checked against its currency, so a form shows every
 * field's error at once (the bounds check in createListing stays for other callers). */
export const newListingSchema = createListingSchema.superRefine((v, ctx) => {
  const range = priceBoundsIssue(v.price, v.currency);
  if (range) {
    ctx.addIssue({
      code: "custom",
      path: ["price"],
      message: `Prices in ${v.currency.toUpperCase()} are from ${range}`,
    });
  }
});

// The licence is restated without its default, so an edit that leaves it out keeps it.
export const updateListingSchema = createListingSchema.omit({
  pageId: true,
  currency: true,
  licence: true,
}).partial().extend({ licence: z.enum(LICENCES).optional() });

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
  return await committed(async (op) => {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    // Someone else's listing is a 404 whatever the body holds.
    if (!before || before.sellerId !== seller.id) throw notFound("Listing");
    if (before.status === "archived") {
      throw conflict("listing_withdrawn", "This listing was withdrawn; list the page again");
    }
    const input = parseWith(updateListingSchema, body);
    if (input.price !== undefined) assertPriceInBounds(input.price, before.currency);
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
    writeListing(op.check(entry), before, after);
    countListingMove(op, before.status, after.status);
    return after;
  });
}

/** Take a listing off the marketplace for good; its page may be listed again. */
export async function withdrawListing(seller: UserRecord, id: string): Promise<Listing> {
  return await committed(async (op) => {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    if (!before || before.sellerId !== seller.id) throw notFound("Listing");
    if (before.status === "archived") return noCommit(before);
    const after: Listing = { ...before, status: "archived", updatedAt: nowIso() };
    writeListing(op.check(entry), before, after);
    op.delete(keys.listingByPage(before.pageId));
    countListingMove(op, before.status, after.status);
    return after;
  });
}

/**
 * The seller's own listings, newest first. Loaded whole: bounded by what one seller has listed
 * (the sales page and the admin's user view show them all).
 */
export async function listSellerListings(sellerId: string): Promise<Listing[]> {
  const ids = await listAll<string>(keys.listingsOfSeller(sellerId));
  return (await getMany<Listing>(ids.map((id) => keys.listing(id)))).reverse();
}

/**
 * One page of the admin's moderation list, newest first, by KV cursor over the status index
 * (`pending` also holds approved listings whose page update awaits review); no status: every
 * listing. The index is written with every listing write (see browse-index.ts).
 */
export async function listListingsByStatus(
  status?: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Listing>> {
  if (!status) return await listKvPage<Listing>(keys.listingsAll(), page);
  await ensureBrowseIndex(); // listings stored before the status index get their entries once
  const ids = await listKvPage<string>(keys.listingsByStatus(status), page);
  // An entry and its listing are written in one commit, so every id resolves.
  return {
    items: await getMany<Listing>(ids.items.map((id) => keys.listing(id))),
    cursor: ids.cursor,
  };
}

const mailReviewedListing = defineJob<{ listingId: string; update?: boolean }>(
  "listing.mail",
  async ({ listingId, update }) => {
    const listing = await getListing(listingId);
    const seller = listing && await getUser(listing.sellerId);
    if (!listing || !seller || !["approved", "rejected"].includes(listing.status)) return;
    const url = `${config().appOrigin}/marketplace/${listing.id}`;
    const approved = listing.status === "approved" && !(update && listing.rejectReason);
    await sendMail({
      to: seller.email,
      ...listingReviewedEmail({
        title: listing.title,
        url,
        approved,
        update: Boolean(update),
        reason: listing.rejectReason ?? "",
      }, mailLocale(seller)),
    });
  },
);

/**
 * Approve or reject a pending listing, or the pending update of an approved one. Approval pins
 * the page's live version as what buyers receive; a rejected update leaves the approved version
 * on sale. The seller is told, the action audited.
 */
export async function reviewListing(
  admin: UserRecord,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<Listing> {
  return await committed(async (op) => {
    const entry = await kv().get<Listing>(keys.listing(id));
    const before = entry.value;
    if (!before) throw notFound("Listing");
    const update = before.status === "approved" && !!before.updatePending;
    if (!update && before.status === (decision.approve ? "approved" : "rejected")) {
      return noCommit(before);
    }
    if (before.status === "archived") {
      throw conflict("listing_withdrawn", "The seller withdrew this listing");
    }
    const now = nowIso();
    op.check(entry);
    if (decision.approve) {
      const page = await getPage(before.pageId);
      const live = page && await liveVersion(page);
      if (!page || !live) {
        throw conflict(
          "page_not_published",
          "The listed page is not published; nothing to approve",
        );
      }
      const hash = await fingerprint(live.content);
      const claim = await kv().get<string>(marketKeys.fingerprint(hash));
      if (claim.value && claim.value !== id) await assertNotBought(before.sellerId, claim.value);
      const pinned: ApprovedVersion = {
        listingId: id,
        content: live.content,
        seo: page.seo,
        fingerprint: hash,
        publishedAt: live.publishedAt ?? null,
        approvedAt: now,
      };
      const previous = await readStoredVersion(id);
      op.check(previous);
      writeApprovedVersion(op, pinned, previous.value);
      // The first approved listing of these blocks keeps the fingerprint.
      if (!claim.value) op.check(claim).set(marketKeys.fingerprint(hash), id);
    }
    const after: Listing = update
      ? {
        ...before,
        updatePending: false,
        rejectReason: decision.approve ? null : decision.reason,
        approvedAt: decision.approve ? now : before.approvedAt,
        updatedAt: now,
      }
      : {
        ...before,
        status: decision.approve ? "approved" : "rejected",
        updatePending: false,
        rejectReason: decision.approve ? null : decision.reason,
        approvedAt: decision.approve ? now : before.approvedAt ?? null,
        updatedAt: now,
      };
    writeListing(op, before, after);
    countListingMove(op, before.status, after.status);
    const action = `listing.${decision.approve ? "approve" : "reject"}${update ? "_update" : ""}`;
    const audit = auditEntry(admin.id, action, `listing:${id}`, {
      status: before.status,
      updatePending: update,
    }, { status: after.status, reason: after.rejectReason });
    op.set(keys.audit(audit.id), audit);
    const seller = await notifierFor(before.sellerId);
    const title = { title: before.title };
    addEvent(op, `user:${before.sellerId}`, "listing_reviewed", {
      title: decision.approve
        ? seller.t(
          update ? "server.notif.updateLive.title" : "server.notif.listingLive.title",
          title,
        )
        : seller.t(
          update ? "server.notif.updateRejected.title" : "server.notif.listingRejected.title",
          title,
        ),
      body: decision.approve
        ? seller.t("server.notif.listingLive.body")
        : update
        ? seller.t("server.notif.updateRejected.body", { reason: decision.reason ?? "" })
        : decision.reason,
      href: `/marketplace/${id}`,
      listingId: id,
      status: after.status,
      at: after.updatedAt,
    });
    await mailReviewedListing({ listingId: id, update }, { atomic: op });
    return after;
  });
}
