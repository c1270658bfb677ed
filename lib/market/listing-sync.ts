// A listed page and its listing move together: the listing is on sale only while the page is
// published, previews the page at its current address, and is archived when the page is deleted.
// A republish with other content than the approved version puts an approved listing's update in
// the admin's queue; buyers keep getting the approved version meanwhile.
// Page changes add this to their own atomic commit, so the two never disagree.
import { keys, kv, nowIso } from "../kv/index.ts";
import type { Listing } from "./model.ts";
import type { PageRecord } from "../pages/index.ts";
import { differsFromApproved } from "./versions.ts";
import { bumpStats } from "../admin/stats.ts";
import { writeListing } from "./browse-index.ts";

/** `page` is the page after the change (with `content` when it is being published), or null when deleted. */
export async function syncListing(
  op: Deno.AtomicOperation,
  pageId: string,
  page: { published: boolean; previewUrl: string; content?: PageRecord["content"] } | null,
) {
  const listingId = (await kv().get<string>(keys.listingByPage(pageId))).value;
  const entry = listingId ? await kv().get<Listing>(keys.listing(listingId)) : null;
  const listing = entry?.value;
  if (!listing) return;
  op.check(entry);
  if (page) {
    const changed = page.content !== undefined && listing.status === "approved" &&
      await differsFromApproved(listing.id, page.content);
    writeListing(op, listing, {
      ...listing,
      pagePublished: page.published,
      previewUrl: page.previewUrl,
      updatePending: changed || !!listing.updatePending,
    });
    return;
  }
  writeListing(op, listing, {
    ...listing,
    status: "archived",
    pagePublished: false,
    updatedAt: nowIso(),
  });
  op.delete(keys.listingByPage(pageId));
  bumpStats(op, {
    listings: listing.status === "approved" ? -1 : 0,
    pendingListings: listing.status === "pending" ? -1 : 0,
  });
}
