// Seller storefronts (/s/:handle): a handle the seller chooses (unique: claimed through an index
// key checked in the same commit as the profile), a bio, an avatar, their listings on sale (one
// KV range read per page over the per-seller browse index) and the rating of their reviews.
// A suspended or deleted seller has no storefront: their listings are off sale at once.
import { z } from "zod";
import { getUser, type UserRecord } from "../auth/index.ts";
import { AppError, conflict, notFound, parseWith } from "../http/index.ts";
import {
  getMany,
  keys,
  kv,
  listAll,
  listKvEntries,
  listKvPage,
  noCommit,
  nowIso,
  type Paged,
  readCounter,
  retryAtomic,
} from "../kv/index.ts";
import { ensureBrowseIndex } from "./browse-index.ts";
import { marketKeys } from "./keys.ts";
import type { Listing, SellerProfile } from "./model.ts";

/** Words that name the app's own pages or would mislead buyers. */
export const RESERVED_HANDLES = new Set([
  "admin",
  "administrator",
  "api",
  "app",
  "auth",
  "billing",
  "checkout",
  "dashboard",
  "help",
  "landinghub",
  "login",
  "logout",
  "marketplace",
  "me",
  "new",
  "official",
  "orders",
  "pages",
  "root",
  "s",
  "sales",
  "security",
  "settings",
  "sitemap",
  "staff",
  "support",
  "system",
  "www",
]);

export const handleSchema = z.string({ error: "Choose a handle" }).trim().toLowerCase()
  .min(3, "Use 3 to 30 characters").max(30, "Use 3 to 30 characters")
  .regex(
    /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/,
    "Use letters, digits and single hyphens, starting and ending with a letter or digit",
  )
  .refine((h) => !RESERVED_HANDLES.has(h), "That handle is reserved; choose another");

const avatarUrl = z.string().trim().max(2000).refine(
  (v) => /^(https:\/\/|\/uploads\/[0-9A-Z]{26}$)/.test(v),
  "The avatar must be an upload or an https URL",
);

export const sellerProfileSchema = z.object({
  handle: handleSchema,
  bio: z.string().trim().max(500, "Keep the bio under 500 characters").default(""),
  avatarUrl: z.union([avatarUrl, z.literal("").transform(() => null), z.null()]).optional(),
});

export async function getSellerProfile(userId: string): Promise<SellerProfile | null> {
  return (await kv().get<SellerProfile>(keys.sellerProfile(userId))).value;
}

/**
 * Save the seller's profile, claiming the handle: two sellers asking for one handle at once
 * cannot both get it (the claim key is checked empty or theirs in the profile's commit).
 * `avatarUrl` left out keeps the current avatar.
 */
export async function saveSellerProfile(user: UserRecord, raw: unknown): Promise<SellerProfile> {
  const input = parseWith(sellerProfileSchema, raw);
  return await retryAtomic(async (op) => {
    const [mine, claim] = await kv().getMany<[SellerProfile, string]>([
      keys.sellerProfile(user.id),
      keys.sellerHandle(input.handle),
    ]);
    if (claim.value && claim.value !== user.id) {
      throw new AppError(409, "handle_taken", "That handle is taken; choose another", {
        handle: "That handle is taken; choose another",
      });
    }
    const before = mine.value;
    const profile: SellerProfile = {
      userId: user.id,
      handle: input.handle,
      bio: input.bio,
      avatarUrl: input.avatarUrl === undefined ? before?.avatarUrl ?? null : input.avatarUrl,
      updatedAt: nowIso(),
    };
    op.check(mine, claim).set(keys.sellerProfile(user.id), profile)
      .set(keys.sellerHandle(input.handle), user.id);
    // The old handle is free again (links to it now 404).
    if (before && before.handle !== input.handle) op.delete(keys.sellerHandle(before.handle));
    return profile;
  });
}

/** The seller behind a handle, in good standing, with their profile; else a 404. */
export async function sellerByHandle(
  handle: string,
): Promise<{ user: UserRecord; profile: SellerProfile }> {
  const parsed = handleSchema.safeParse(handle);
  const userId = parsed.success
    ? (await kv().get<string>(keys.sellerHandle(parsed.data))).value
    : null;
  const user = userId ? await getUser(userId) : null;
  const profile = user ? await getSellerProfile(user.id) : null;
  if (!user || user.suspended || !profile || profile.handle !== parsed.data) {
    throw notFound("Seller");
  }
  return { user, profile };
}

export interface Storefront {
  seller: {
    handle: string;
    name: string;
    bio: string;
    avatarUrl: string | null;
    rating: number;
    reviewCount: number;
    memberSince: string;
  };
  listings: Paged<Listing>;
}

/**
 * Once per seller: set the rating counters to the totals of their listings, which include the
 * reviews written before the counters existed. Each listing read is checked in the commit, so a
 * review landing meanwhile (which moves its listing) makes the attempt start again; after the
 * flag, reviews only add to the counters.
 */
async function ensureSellerRating(sellerId: string) {
  const ready = marketKeys.sellerRatingReady(sellerId);
  if ((await kv().get(ready)).value) return;
  await retryAtomic(async (op) => {
    const flag = await kv().get(ready);
    if (flag.value) return noCommit(undefined);
    const ids = await listAll<string>(keys.listingsOfSeller(sellerId));
    let sum = 0;
    let count = 0;
    for (let i = 0; i < ids.length; i += 10) {
      const entries = await kv().getMany<Listing[]>(ids.slice(i, i + 10).map(keys.listing));
      for (const e of entries) {
        if (!e.value) continue;
        sum += e.value.ratingSum;
        count += e.value.reviewCount;
        // KV allows 100 checks per commit; a seller with more listings is summed unchecked.
        if (ids.length < 99) op.check(e);
      }
    }
    op.check(flag).set(ready, true)
      .set(marketKeys.sellerRatingSum(sellerId), new Deno.KvU64(BigInt(sum)))
      .set(marketKeys.sellerRatingCount(sellerId), new Deno.KvU64(BigInt(count)));
  });
}

/** A seller's rating over every review of their listings (sum counters moved with each review). */
export async function sellerRating(sellerId: string) {
  await ensureSellerRating(sellerId);
  const [sum, count] = await Promise.all([
    readCounter(marketKeys.sellerRatingSum(sellerId)),
    readCounter(marketKeys.sellerRatingCount(sellerId)),
  ]);
  return { rating: count > 0 ? Math.round((sum / count) * 100) / 100 : 0, reviewCount: count };
}

/** A seller's listings on sale, newest first, one page by KV cursor over the seller index. */
export async function sellerListingsOnSale(
  sellerId: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Listing>> {
  await ensureBrowseIndex();
  const { entries, cursor } = await listKvEntries(
    marketKeys.listingSortScope("seller", sellerId),
    { limit: page.limit ?? 24, cursor: page.cursor },
  );
  const ids = entries.map((e) => String(e.key[e.key.length - 1]));
  return { items: await getMany<Listing>(ids.map((id) => keys.listing(id))), cursor };
}

/** The storefront of `handle`: the seller's public profile and a page of their listings. */
export async function getStorefront(
  handle: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Storefront> {
  const { user, profile } = await sellerByHandle(handle);
  const [rating, listings] = await Promise.all([
    sellerRating(user.id),
    sellerListingsOnSale(user.id, page),
  ]);
  return {
    seller: {
      handle: profile.handle,
      name: user.name,
      bio: profile.bio,
      avatarUrl: profile.avatarUrl,
      ...rating,
      memberSince: user.createdAt.slice(0, 10),
    },
    listings,
  };
}

/** Every listing of a seller (any status), newest first, one page by KV cursor. */
export async function listSellerListingsPage(
  sellerId: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Listing>> {
  const ids = await listKvPage<string>(keys.listingsOfSeller(sellerId), page);
  return {
    items: await getMany<Listing>(ids.items.map((id) => keys.listing(id))),
    cursor: ids.cursor,
  };
}

/**
 * The handles of sellers in good standing, in batches (for the sitemap): read through the handle
 * index, `batch` at a time, never the whole set in memory at once.
 */
export async function* storefrontHandles(batch = 200): AsyncGenerator<string[]> {
  let cursor: string | null = null;
  do {
    const page: { entries: Deno.KvEntry<string>[]; cursor: string | null } = await listKvEntries<
      string
    >(marketKeys.sellerHandles(), {
      limit: batch,
      cursor,
      reverse: false,
    });
    const users = await getMany<UserRecord>(page.entries.map((e) => keys.user(e.value)));
    const good = new Set(users.filter((u) => !u.suspended).map((u) => u.id));
    const handles = page.entries.filter((e) => good.has(e.value)).map((e) => String(e.key[1]));
    if (handles.length) yield handles;
    cursor = page.cursor;
  } while (cursor);
}

/** A claim already held: shown as a conflict by callers that check before saving. */
export const handleTaken = () => conflict("handle_taken", "That handle is taken; choose another");
