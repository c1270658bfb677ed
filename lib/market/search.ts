// Browsing the marketplace: listings on sale, from sellers in good standing, filtered and sorted.
// Without words, a page is one range read over the browse index (browse-index.ts) with its KV
// cursor; with words (`q`), the in-process text index (text-index.ts) gives the matches, sorted
// in the same order, with an offset cursor into them. Pages are cached per query in this process
// until any listing or seller's standing changes.
import { z } from "zod";
import { badRequest } from "../http/index.ts";
import { kv, kvCursor, type Paged, parseLimit } from "../kv/index.ts";
import {
  ensureBrowseIndex,
  type IndexName,
  type IndexValue,
  onListingWrite,
} from "./browse-index.ts";
import { keys } from "../kv/index.ts";
import { CATEGORIES, type Listing } from "./model.ts";
import { marketKeys } from "./keys.ts";
import { onListingChange, type Summary, textIndex, textMatches } from "./text-index.ts";
import { suspendedSellers } from "./versions.ts";

export const SORT_OPTIONS = ["newest", "popular", "rating", "price_asc", "price_desc"] as const;
type Sort = typeof SORT_OPTIONS[number];

export const searchSchema = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(40).optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  sort: z.enum(SORT_OPTIONS).default("newest"),
  limit: z.string().optional(),
  // A KV cursor (browsing) or an offset (text search); checked in searchListings.
  cursor: z.string().max(2000).optional(),
});
type Query = z.infer<typeof searchSchema>;

/** The index behind each sort, read forwards or backwards (see browse-index.ts). */
const ORDER: Record<Sort, { index: IndexName; reverse: boolean }> = {
  newest: { index: "newest", reverse: true },
  popular: { index: "popular", reverse: true },
  rating: { index: "rating", reverse: true },
  price_asc: { index: "price", reverse: false },
  price_desc: { index: "price", reverse: true },
};

const cmp = (a: string | number, b: string | number) => a < b ? -1 : a > b ? 1 : 0;
/** The browse index's orders, for text matches (must agree with browse-index.ts `sortParts`). */
const SORTS: Record<Sort, (a: Summary, b: Summary) => number> = {
  newest: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  popular: (a, b) =>
    b.popularity - a.popularity || b.soldCount - a.soldCount || cmp(b.createdAt, a.createdAt) ||
    cmp(b.id, a.id),
  rating: (a, b) =>
    b.rating - a.rating || b.reviewCount - a.reviewCount || cmp(b.createdAt, a.createdAt) ||
    cmp(b.id, a.id),
  price_asc: (a, b) => a.price - b.price || cmp(a.id, b.id),
  price_desc: (a, b) => b.price - a.price || cmp(b.id, a.id),
};

/**
 * At most this many index entries (or text matches) are looked at for one page. Filters that the
 * index order does not serve (a price range under another sort, suspended sellers) are applied
 * while scanning; a page that reaches the bound ends early with a cursor to continue from.
 */
const SCAN_LIMIT = 1000;

interface Candidate {
  id: string;
  sellerId: string;
  /** where the next page starts when this candidate is the last one shown */
  next: string;
}

/**
 * Take `limit` candidates from `source` whose sellers are in good standing, looking at no more
 * than SCAN_LIMIT; `more` tells whether anything may follow (one candidate further was found, or
 * the bound was reached, then at `scannedTo`).
 */
async function fill(
  source: AsyncIterable<Candidate | null>,
  limit: number,
): Promise<{ taken: Candidate[]; cursor: string | null }> {
  const taken: Candidate[] = [];
  const standing = new Map<string, boolean>();
  let pending: Candidate[] = [];
  let scanned = 0;
  let scannedTo: string | null = null;
  let bounded = false;
  const check = async () => {
    const unknown = pending.map((c) => c.sellerId).filter((s) => !standing.has(s));
    const off = await suspendedSellers(unknown);
    for (const s of unknown) standing.set(s, !off.has(s));
    for (const c of pending) {
      if (standing.get(c.sellerId)) taken.push(c);
    }
    pending = [];
  };
  for await (const c of source) {
    scanned++;
    if (c) {
      scannedTo = c.next;
      pending.push(c);
      if (taken.length + pending.length > limit) {
        await check();
        if (taken.length > limit) break;
      }
    }
    if (scanned >= SCAN_LIMIT) {
      bounded = true;
      break;
    }
  }
  await check();
  if (taken.length > limit) {
    return { taken: taken.slice(0, limit), cursor: taken[limit - 1].next };
  }
  return { taken, cursor: bounded ? scannedTo : null };
}

const invalidCursor = () => badRequest("The cursor is not valid", "invalid_cursor");

/** Browse without words: a range read over the index of the sort, in its order. */
async function* fromIndex(query: Query, scope: string): AsyncIterable<Candidate | null> {
  const { index, reverse } = ORDER[query.sort];
  const prefix = marketKeys.listingSortScope(index, scope);
  const min = query.minPrice;
  const max = query.maxPrice;
  let selector: Deno.KvListSelector = { prefix };
  // A price range under a price sort is a key range of the price index (start/end keys); under
  // the other sorts it is a bounded scan checking the price kept in each index entry.
  if (index === "price" && min !== undefined && max !== undefined) {
    selector = { start: [...prefix, min], end: [...prefix, max + 1] };
  } else if (index === "price" && min !== undefined) {
    selector = { prefix, start: [...prefix, min] };
  } else if (index === "price" && max !== undefined) {
    selector = { prefix, end: [...prefix, max + 1] };
  }
  const cursor = kvCursor(query.cursor) ?? undefined;
  const iter = kv().list<IndexValue>(selector, { reverse, cursor, batchSize: 100 });
  try {
    for await (const e of iter) {
      const ok = (min === undefined || e.value.p >= min) && (max === undefined || e.value.p <= max);
      const id = e.key[e.key.length - 1] as string;
      yield ok ? { id, sellerId: e.value.s, next: iter.cursor } : null;
    }
  } catch (err) {
    // A well-formed cursor that is not this list's own.
    if (cursor && err instanceof TypeError) throw invalidCursor();
    throw err;
  }
}

/** Search with words: the text index's matches, filtered and sorted; the cursor is an offset. */
async function* fromText(query: Query, q: string): AsyncIterable<Candidate | null> {
  if (query.cursor !== undefined && !/^\d{1,7}$/.test(query.cursor)) throw invalidCursor();
  const offset = Number(query.cursor ?? 0);
  const matches = (await textMatches(q)).filter((s) =>
    (!query.category || s.category === query.category) &&
    (query.minPrice === undefined || s.price >= query.minPrice) &&
    (query.maxPrice === undefined || s.price <= query.maxPrice)
  ).sort(SORTS[query.sort]);
  for (let i = offset; i < matches.length; i++) {
    yield { id: matches[i].id, sellerId: matches[i].sellerId, next: String(i + 1) };
  }
}

const onSale = (l: Listing | null): l is Listing =>
  !!l && l.status === "approved" && l.pagePublished !== false;

async function readListings(ids: string[]): Promise<Listing[]> {
  const out: Listing[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const entries = await kv().getMany<Listing[]>(ids.slice(i, i + 10).map(keys.listing));
    for (const e of entries) if (onSale(e.value)) out.push(e.value);
  }
  return out;
}

// The per-query page cache: a small LRU (Map order), emptied by any listing change or seller
// standing change. A page computed while a change was under way is not kept (the generation
// moved on).
const CACHE_SIZE = 200;
const cache = new Map<string, Paged<Listing>>();
let generation = 0;
let cacheStore: Deno.Kv | null = null;
const clearCache = () => {
  generation++;
  cache.clear();
};
onListingWrite(clearCache);
onListingChange(clearCache);

/**
 * Moves on whenever cached pages are dropped (a listing or a seller's standing changed). A page
 * read while it held still (read it before the search, compare after) is current until it moves.
 */
export const browseGeneration = () => generation;

/** Listings on sale matching the query, one page in the order of `sort`. */
export async function searchListings(query: Query): Promise<Paged<Listing>> {
  if (cacheStore !== kv()) {
    cacheStore = kv();
    clearCache();
  }
  await ensureBrowseIndex();
  textIndex(); // listens for other processes' listing changes from the first browse on
  const limit = parseLimit(query.limit);
  const q = (query.q ?? "").trim();
  const key = JSON.stringify([
    q,
    query.category,
    query.minPrice,
    query.maxPrice,
    query.sort,
    limit,
    query.cursor,
  ]);
  const hit = cache.get(key);
  if (hit) {
    // No KV read: a seller's suspension, restoration or deletion empties the cache like a
    // listing change does (browse-index.ts `writeSellerStanding`).
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const started = generation;
  let page: Paged<Listing> = { items: [], cursor: null };
  const known = !query.category || (CATEGORIES as readonly string[]).includes(query.category);
  const emptyRange = query.minPrice !== undefined && query.maxPrice !== undefined &&
    query.minPrice > query.maxPrice;
  if (!known || emptyRange) {
    if (query.cursor && !q) kvCursor(query.cursor);
  } else {
    const source = q ? fromText(query, q) : fromIndex(query, query.category ?? "*");
    const { taken, cursor } = await fill(source, limit);
    page = { items: await readListings(taken.map((c) => c.id)), cursor };
  }
  if (started === generation) {
    cache.set(key, page);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return page;
}
