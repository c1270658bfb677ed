// Listing engagement: page views (counted by the published-site analytics rules, buffered: no
// KV write per request) and likes (one per signed-in user, exact under parallel toggles because
// the like record and the listing's count move in one checked commit). A like re-scores the
// listing in the popular order (popularity.ts) in the same commit.
import type { UserRecord } from "../auth/index.ts";
import { notFound } from "../http/index.ts";
import { bufferSum, keys, kv, noCommit, readCounter, retryAtomic } from "../kv/index.ts";
import { countsAsView } from "../sites/views.ts";
import { writeListing } from "./browse-index.ts";
import type { Listing } from "./model.ts";
import { LIKE_WEIGHT, rescore } from "./popularity.ts";
import { refreshListing } from "./text-index.ts";
import { isSellerSuspended } from "./versions.ts";

/**
 * Count a view of a listing's page when the request counts as one (a GET, not a bot, not an
 * in-app preview frame) and the viewer is not its seller.
 */
export function countListingView(req: Request, listing: Listing, viewerId: string | null) {
  if (viewerId === listing.sellerId || !countsAsView(req)) return false;
  bufferSum(keys.listingViews(listing.id), 1);
  return true;
}

export const listingViews = (listingId: string) => readCounter(keys.listingViews(listingId));

export async function hasLiked(userId: string, listingId: string): Promise<boolean> {
  return !!(await kv().get(keys.listingLike(listingId, userId))).value;
}

/**
 * Set whether `user` likes a listing on sale (idempotent: liking twice is one like). Returns the
 * state and the listing's exact count.
 */
export async function setLike(
  user: UserRecord,
  listingId: string,
  liked: boolean,
): Promise<{ liked: boolean; likeCount: number }> {
  const out = await retryAtomic(async (op) => {
    const [entry, like] = await kv().getMany<[Listing, number]>([
      keys.listing(listingId),
      keys.listingLike(listingId, user.id),
    ]);
    const listing = entry.value;
    if (!listing || listing.status !== "approved" || await isSellerSuspended(listing.sellerId)) {
      throw notFound("Listing");
    }
    const count = listing.likeCount ?? 0;
    if (!!like.value === liked) return noCommit({ liked, likeCount: count, changed: false });
    const now = Date.now();
    const likeCount = Math.max(0, count + (liked ? 1 : -1));
    const after: Listing = {
      ...listing,
      likeCount,
      // An unlike takes out the weight its like added (at the time it was made).
      popularity: rescore(listing, liked ? LIKE_WEIGHT : -LIKE_WEIGHT, liked ? now : like.value!),
    };
    op.check(entry, like);
    if (liked) {
      op.set(keys.listingLike(listingId, user.id), now).set(
        keys.likeByUser(user.id, listingId),
        listingId,
      );
    } else {op.delete(keys.listingLike(listingId, user.id)).delete(
        keys.likeByUser(user.id, listingId),
      );}
    writeListing(op, listing, after);
    return { liked, likeCount, changed: true };
  });
  if (out.changed) await refreshListing(listingId);
  return { liked: out.liked, likeCount: out.likeCount };
}

/** The likes `userId` gave (from their index), newest listing id order: `{ listingId, likedAt }`. */
export async function likesOf(userId: string): Promise<{ listingId: string; likedAt: string }[]> {
  await ensureLikeIndex();
  const ids: string[] = [];
  for await (const e of kv().list({ prefix: keys.likesByUser(userId) })) {
    ids.push(String(e.key.at(-1)));
  }
  const out = [];
  for (let i = 0; i < ids.length; i += 10) { // getMany reads at most 10 keys
    const got = await kv().getMany<number[]>(
      ids.slice(i, i + 10).map((id) => keys.listingLike(id, userId)),
    );
    for (const [j, e] of got.entries()) {
      if (e.value) out.push({ listingId: ids[i + j], likedAt: new Date(e.value).toISOString() });
    }
  }
  return out;
}

/**
 * Take back every like `userId` gave (account deletion): each in one checked commit with its
 * listing, so the listing's count drops by exactly one and its popularity by the like's weight,
 * whatever the listing's status.
 */
export async function removeLikesOf(userId: string): Promise<void> {
  await ensureLikeIndex();
  for await (const e of kv().list({ prefix: keys.likesByUser(userId) })) {
    const listingId = String(e.key.at(-1));
    const changed = await retryAtomic(async (op) => {
      const [entry, like, index] = await kv().getMany<[Listing, number, string]>([
        keys.listing(listingId),
        keys.listingLike(listingId, userId),
        keys.likeByUser(userId, listingId),
      ]);
      op.check(entry, like, index).delete(like.key).delete(index.key);
      const listing = entry.value;
      if (!like.value || !listing) return false;
      writeListing(op, listing, {
        ...listing,
        likeCount: Math.max(0, (listing.likeCount ?? 0) - 1),
        popularity: rescore(listing, -LIKE_WEIGHT, like.value),
      });
      return true;
    });
    if (changed) await refreshListing(listingId);
  }
}

/**
 * Index the likes given before likes_by_user existed, once per store (then marked done). A like
 * taken back meanwhile may leave an index entry without its like: both readers above skip those.
 */
export async function ensureLikeIndex(): Promise<void> {
  if ((await kv().get(keys.likeIndexVersion())).value === 1) return;
  let op = kv().atomic();
  let n = 0;
  for await (const e of kv().list<number>({ prefix: ["listing_likes"] })) {
    const [, listingId, userId] = e.key;
    op.set(keys.likeByUser(String(userId), String(listingId)), String(listingId));
    if (++n % 500 === 0) {
      await op.commit();
      op = kv().atomic();
    }
  }
  await op.set(keys.likeIndexVersion(), 1).commit();
}
