// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// A listing's reviews page by KV cursor over the reviews_by_time index (written with each
// review, backfilled once for reviews stored before it): walked 20 at a time, newest first,
// every review exactly once.
import assert from "node:assert/strict";
import { type Client, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { keys, kv, listAll, newId, nowIso } from "../lib/kv/index.ts";
import { addReview, backfillReviewIndex, type Review } from "../lib/market/index.ts";
import type { UserRecord } from "../lib/auth/index.ts";

async function walk(client: Client, path: string, limit = 20): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const url: string = `${path}?limit=${limit}` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const res: { status: number; text: string; body: any } = await client.get(url);
    assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 200)}`);
    assert.ok(res.body.items.length <= limit);
    for (const r of res.body.items) {
      assert.ok(!ids.includes(r.id), `${r.id} twice`);
      ids.push(r.id);
    }
    cursor = res.body.cursor;
    if (cursor === null) return ids;
  }
  throw new Error(`${path}: the cursor walk does not end`);
}

Deno.test("reviews page by cursor, newest first, including reviews stored before the index", async () => {
  const server: TestServer = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 1900, "Reviewed one");
    // Reviews stored before the index existed (no reviews_by_time entry).
    for (let i = 0; i < 5; i++) {
      const review: Review = {
        id: newId(),
        listingId: listing.id,
        buyerId: `old${i}`,
        buyerName: `Old ${i}`,
        rating: 4,
        comment: "Older review",
        createdAt: nowIso(),
      };
      await kv().set(keys.review(listing.id, review.buyerId), review);
    }
    await kv().delete(keys.reviewIndexVersion());
    await backfillReviewIndex();
    for (let i = 0; i < 46; i++) {
      const buyer = { id: `buyer${i}`, name: `Buyer ${i}` } as UserRecord;
      await kv().set(keys.purchase(buyer.id, listing.id), {
        orderId: `o${i}`,
        status: "delivered",
      });
      await addReview(buyer, listing.id, { rating: 1 + (i % 5), comment: `Review number ${i}` });
    }
    const expected = (await listAll<Review>(keys.reviews(listing.id))).map((r) => r.id).sort()
      .reverse();
    assert.equal(expected.length, 51);
    const anon = server.client();
    assert.deepEqual(await walk(anon, `/api/marketplace/${listing.id}/reviews`), expected);
    assert.deepEqual(await walk(anon, `/api/marketplace/${listing.id}/reviews`, 7), expected);
    const bad = await anon.get(`/api/marketplace/${listing.id}/reviews?cursor=%F0%9F%98%80`);
    assert.equal(bad.status, 400);
  } finally {
    await server.close();
  }
});
