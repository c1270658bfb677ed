// Text search over listings on sale: an in-process MiniSearch index, built from the listings when
// the marketplace is first used and kept current by listing changes, so a search over 10,000
// listings reads no more from KV than the page of results it shows.
//
// Keeping current: every listing write logs an event on the market topic in its own commit
// (browse-index.ts `writeListing`); this process listens to that topic, which carries the writes
// of every process sharing the store (the event log is in KV, watched per process). lib/market's
// own writes also refresh here right after their commit (`refreshListing`), so in this process a
// search sees a change at once; another instance sees it when the event arrives (milliseconds).
// Events missed while no listener ran (a process that starts later) are covered by the build,
// which reads the listings after the listener is in place.
import MiniSearch from "minisearch";
import { keys, kv } from "../kv/index.ts";
import { subscribe } from "../realtime/index.ts";
import { MARKET_TOPIC } from "../realtime/topics.ts";
import type { Listing } from "./model.ts";
import { popularity } from "./popularity.ts";

/** What sorting and filtering a match needs, without reading the listing from KV. */
export interface Summary {
  id: string;
  sellerId: string;
  category: string;
  price: number;
  createdAt: string;
  soldCount: number;
  popularity: number;
  rating: number;
  reviewCount: number;
}

const summarize = (l: Listing): Summary => ({
  id: l.id,
  sellerId: l.sellerId,
  category: l.category,
  price: l.price,
  createdAt: l.createdAt,
  soldCount: l.soldCount,
  popularity: popularity(l),
  rating: l.rating,
  reviewCount: l.reviewCount,
});

const onSale = (l: Listing | null): l is Listing =>
  !!l && l.status === "approved" && l.pagePublished !== false;

interface TextIndex {
  search: MiniSearch;
  summaries: Map<string, Summary>;
  ready: Promise<void>;
  /** Refreshes run one after another, so the last one read from KV is the one kept. */
  chain: Promise<void>;
}

const indexes = new WeakMap<Deno.Kv, TextIndex>();
const changeListeners = new Set<(id: string) => void>();

/** Told of each listing change that reached this process (after its commit). */
export function onListingChange(listener: (id: string) => void) {
  changeListeners.add(listener);
}

function newSearch() {
  return new MiniSearch<Listing>({
    fields: ["title", "description", "category", "sellerName"],
    searchOptions: { prefix: true, combineWith: "AND" },
  });
}

function apply(index: TextIndex, id: string, listing: Listing | null) {
  if (index.search.has(id)) index.search.discard(id);
  index.summaries.delete(id);
  if (onSale(listing)) {
    index.search.add(listing);
    index.summaries.set(id, summarize(listing));
  }
}

/** Re-read one listing into the index of the current store (after a write was committed). */
export function refreshListing(id: string): Promise<void> {
  const store = kv();
  const index = indexes.get(store);
  for (const l of changeListeners) l(id);
  if (!index) return Promise.resolve();
  index.chain = index.chain.then(async () => {
    await index.ready;
    apply(index, id, (await store.get<Listing>(keys.listing(id))).value);
  }).catch(() => {});
  return index.chain;
}

/** The text index of the current store, built on first use (and its event listener started). */
export function textIndex(): TextIndex {
  const store = kv();
  let index = indexes.get(store);
  if (index) return index;
  const built: TextIndex = {
    search: newSearch(),
    summaries: new Map(),
    ready: Promise.resolve(),
    chain: Promise.resolve(),
  };
  index = built;
  indexes.set(store, built);
  built.ready = (async () => {
    // Listen first, then read: a change committed during the build is applied after it.
    const pending: string[] = [];
    let building = true;
    await subscribe([MARKET_TOPIC], null, (ev) => {
      // A seller's standing changed (browse-index.ts `writeSellerStanding`): no listing to
      // re-read, but cached result pages may show or hide their listings.
      if (ev.type === "seller") {
        for (const l of changeListeners) l("");
        return;
      }
      const id = (ev.data as { id?: string })?.id;
      if (typeof id !== "string") return;
      if (building) pending.push(id);
      else refreshListing(id);
    });
    for await (const e of store.list<Listing>({ prefix: keys.listingsAll() })) {
      if (onSale(e.value)) {
        built.search.add(e.value);
        built.summaries.set(e.value.id, summarize(e.value));
      }
    }
    building = false;
    for (const id of pending) refreshListing(id);
  })();
  built.chain = built.ready.catch(() => {});
  return built;
}

/** Listings on sale matching every word of `q` (as prefixes), unsorted. */
export async function textMatches(q: string): Promise<Summary[]> {
  const index = textIndex();
  await index.ready;
  const out: Summary[] = [];
  for (const hit of index.search.search(q)) {
    const summary = index.summaries.get(hit.id as string);
    if (summary) out.push(summary);
  }
  return out;
}
