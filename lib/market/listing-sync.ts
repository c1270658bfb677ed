// A listed page and its listing move together: the listing is on sale only while the page is
// published, previews the page at its current address, and is archived when the page is deleted.
// Page changes add this to their own atomic commit, so the two never disagree.
import { keys, kv, nowIso } from "../kv/index.ts";
import type { Listing } from "./index.ts";
import { bumpStats } from "../admin/stats.ts";

/** `page` is the page after the change, or null when it is deleted. */
export async function syncListing(
  op: Deno.AtomicOperation,
  pageId: string,
  page: { published: boolean; previewUrl: string } | null,
) {
  const listingId = (await kv().get<string>(keys.listingByPage(pageId))).value;
  const entry = listingId ? await kv().get<Listing>(keys.listing(listingId)) : null;
  const listing = entry?.value;
  if (!listing) return;
  op.check(entry);
  if (page) {
    op.set(keys.listing(listing.id), {
      ...listing,
      pagePublished: page.published,
      previewUrl: page.previewUrl,
    });
    return;
  }
  op.set(keys.listing(listing.id), {
    ...listing,
    status: "archived",
    pagePublished: false,
    updatedAt: nowIso(),
  }).delete(keys.listingByPage(pageId));
  bumpStats(op, {
    listings: listing.status === "approved" ? -1 : 0,
    pendingListings: listing.status === "pending" ? -1 : 0,
  });
}
