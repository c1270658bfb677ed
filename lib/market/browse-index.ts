// The browse index: for each listing on sale, one KV entry per sort order and scope (all, its
// category), keyed so that KV's own key order is the order shown. Every listing write goes
// through `writeListing`, which moves these entries in the same atomic commit as the record, so a
// page of the marketplace is one range read over an index prefix, whatever the store's size.
//
//   newest  [createdAt, id]                           read in reverse: newest first
//   popular [popularity, soldCount, createdAt, id]    reverse: recent sales and likes (popularity.ts)
//   seller  scope = seller id, [createdAt, id]        reverse: a storefront's listings, newest first
//   rating  [rating, reviewCount, createdAt, id]      reverse: best rated, most reviewed, newest
//   price   [price, id]                               forward for price_asc, reverse for price_desc
// KV orders numbers in keys numerically, so no padding is needed, and a descending order is the
// same entries read backwards (rather than a second index of inverted numbers). Ties end on the
// id, so the order is total and a cursor walk never repeats or skips a listing.
import { keys, kv, retryAtomic } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { MARKET_TOPIC } from "../realtime/topics.ts";
import { marketKeys } from "./keys.ts";
import type { Listing } from "./model.ts";
import { popularity, rescore, SALE_WEIGHT } from "./popularity.ts";

export type IndexName = "newest" | "popular" | "rating" | "price" | "seller";
export interface IndexValue {
  /** seller id (suspension is checked at read time) */
  s: string;
  /** price, for price filters over the non-price orders */
  p: number;
}

/** Approved, and its page is live (the seller's standing is checked when reading). */
const onSale = (l: Listing) => l.status === "approved" && l.pagePublished !== false;

export function sortParts(l: Listing, index: IndexName): (string | number)[] {
  switch (index) {
    case "newest":
      return [l.createdAt, l.id];
    case "popular":
      return [popularity(l), l.soldCount, l.createdAt, l.id];
    case "seller":
      return [l.createdAt, l.id];
    case "rating":
      return [l.rating, l.reviewCount, l.createdAt, l.id];
    case "price":
      return [l.price, l.id];
  }
}

const INDEXES: IndexName[] = ["newest", "popular", "rating", "price"];

/** Scopes of a listing's entries: all, its category; the seller index has the seller's only. */
const scopes = (l: Listing): [IndexName, string][] => [
  ...INDEXES.flatMap((index) => [[index, "*"], [index, l.category]] as [IndexName, string][]),
  ["seller", l.sellerId],
];

/** Every browse-index entry of `listing` (none when it is not on sale). */
export function indexEntries(listing: Listing | null): { key: Deno.KvKey; value: IndexValue }[] {
  if (!listing || !onSale(listing)) return [];
  const value = { s: listing.sellerId, p: listing.price };
  return scopes(listing).map(([index, scope]) => ({
    key: marketKeys.listingSort(index, scope, ...sortParts(listing, index)),
    value,
  }));
}

const keyId = (key: Deno.KvKey) => JSON.stringify(key);

/** The moderation-list entries of `listing` (its status; "pending" too for an update in review). */
export function statusEntries(listing: Listing | null): { key: Deno.KvKey; value: string }[] {
  if (!listing) return [];
  const statuses = listing.status === "approved" && listing.updatePending
    ? ["approved", "pending"]
    : [listing.status];
  return statuses.map((s) => ({
    key: marketKeys.listingByStatus(s, listing.id),
    value: listing.id,
  }));
}

/** Browse-index and moderation-list entries together (what `writeListing` keeps in step). */
const allEntries = (l: Listing | null) => [...indexEntries(l), ...statusEntries(l)];

/** Local listeners told of every listing write when it is built (caches drop what they hold). */
const writeListeners = new Set<(id: string) => void>();
export function onListingWrite(listener: (id: string) => void) {
  writeListeners.add(listener);
}

/**
 * Write `after` (the listing as it will be) into `op`, moving its browse-index entries from those
 * of `before` (as read and checked by the caller) and logging a market event so every process's
 * caches and search index follow. Use this for every listing write.
 */
export function writeListing(op: Deno.AtomicOperation, before: Listing | null, after: Listing) {
  // A sale re-scores the popular order here, so every completion path (lib/payments) keeps it.
  if (before && after.soldCount > before.soldCount && after.popularity === before.popularity) {
    after.popularity = rescore(
      after,
      SALE_WEIGHT * (after.soldCount - before.soldCount),
      Date.now(),
    );
  }
  op.set(keys.listing(after.id), after);
  const next = allEntries(after);
  const keep = new Set(next.map((e) => keyId(e.key)));
  for (const e of allEntries(before)) if (!keep.has(keyId(e.key))) op.delete(e.key);
  for (const e of next) op.set(e.key, e.value);
  addEvent(op, MARKET_TOPIC, "listing", { id: after.id });
  for (const l of writeListeners) l(after.id);
}

/**
 * Put into the commit that suspends, restores or deletes a user: the marketplace shows only
 * listings of sellers in good standing, and its cached pages (search.ts) no longer re-read the
 * sellers per request, so they must drop. This process's caches drop now (before the commit, as
 * for `writeListing`); every process's, this one's included, again when the event arrives.
 */
export function writeSellerStanding(op: Deno.AtomicOperation, sellerId: string) {
  addEvent(op, MARKET_TOPIC, "seller", { sellerId });
  for (const l of writeListeners) l("");
}

/**
 * Bumped when the index layout changes: the backfill then runs again over every listing.
 * 2: the moderation lists by status (listings_by_status).
 * 3: popular by score (popularity.ts) instead of sold count; the per-seller index.
 */
const INDEX_VERSION = 3;
const done = new WeakMap<Deno.Kv, Promise<void>>();

/**
 * Give listings written before the browse index existed their entries: once per store (a KV flag
 * makes later starts one read), idempotent, and safe beside live writes (each listing's entries
 * are written only if the listing is still the version read).
 */
export function ensureBrowseIndex(): Promise<void> {
  const store = kv();
  let running = done.get(store);
  if (!running) {
    running = backfillBrowseIndex(store).catch((err) => {
      done.delete(store);
      throw err;
    });
    done.set(store, running);
  }
  return running;
}

/** The backfill itself (run by `ensureBrowseIndex`; returns at once when already done). */
export async function backfillBrowseIndex(store: Deno.Kv = kv()) {
  const flag = await store.get<number>(marketKeys.listingIndexVersion());
  if (flag.value === INDEX_VERSION) return;
  if ((flag.value ?? 0) < 3) {
    // The popular entries of version 2 had another layout: dropped, then rebuilt below.
    let op = store.atomic();
    let n = 0;
    for await (const e of store.list({ prefix: ["listings_by_sort", "popular"] })) {
      op.delete(e.key);
      if (++n % 500 === 0) {
        await op.commit();
        op = store.atomic();
      }
    }
    await op.commit();
  }
  let batch: Deno.KvEntry<Listing>[] = [];
  const flush = async () => {
    const op = store.atomic();
    for (const entry of batch) {
      op.check(entry);
      for (const e of allEntries(entry.value)) op.set(e.key, e.value);
    }
    if (!(await op.commit()).ok) {
      // A listing changed meanwhile: its own write indexed it; index the others one by one.
      for (const entry of batch) await backfillOne(store, entry.key);
    }
    batch = [];
  };
  for await (const entry of store.list<Listing>({ prefix: keys.listingsAll() })) {
    batch.push(entry);
    if (batch.length >= 10) await flush();
  }
  if (batch.length) await flush();
  await store.set(marketKeys.listingIndexVersion(), INDEX_VERSION);
  for (const l of writeListeners) l(""); // pages cached before now may lack listings
}

async function backfillOne(store: Deno.Kv, key: Deno.KvKey) {
  await retryAtomic(async (op) => {
    const entry = await store.get<Listing>(key);
    op.check(entry);
    for (const e of allEntries(entry.value)) op.set(e.key, e.value);
  });
}
