// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// The admin's moderation lists at size: GET /api/admin/marketplace?status= pages by KV cursor
// over the status index (written with every listing write, backfilled once for older listings):
// walked 20 at a time each list is the exact newest-first order, and approvals move listings.
import assert from "node:assert/strict";
import { type Client, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { keys, kv, listAll, newId } from "../lib/kv/index.ts";
import { backfillBrowseIndex, type Listing, writeListing } from "../lib/market/index.ts";
import { marketKeys } from "../lib/market/keys.ts";

async function walk(client: Client, path: string, limit = 20): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const url: string = `${path}&limit=${limit}` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const res: { status: number; text: string; body: any } = await client.get(url);
    assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 200)}`);
    assert.ok(res.body.items.length <= limit);
    for (const l of res.body.items) {
      assert.ok(!ids.includes(l.id), `${path}: ${l.id} twice`);
      ids.push(l.id);
    }
    cursor = res.body.cursor;
    if (cursor === null) return ids;
  }
  throw new Error(`${path}: the cursor walk does not end`);
}

const expected = async (status: string) =>
  (await listAll<Listing>(keys.listingsAll()))
    .filter((l) =>
      l.status === status || (status === "pending" && l.status === "approved" && !!l.updatePending)
    )
    .map((l) => l.id).sort().reverse();

function listing(seller: { id: string; name: string }, i: number, status: Listing["status"]) {
  const at = new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString();
  return {
    id: newId(Date.parse(at)),
    pageId: `page${i}`,
    sellerId: seller.id,
    sellerName: seller.name,
    title: `Template number${i}`,
    description: "A landing page made for the moderation test.",
    category: "saas",
    price: 1000 + i,
    currency: "usd",
    images: [],
    status,
    pagePublished: true,
    updatePending: status === "approved" && i % 10 === 1,
    approvedAt: status === "approved" ? at : null,
    rejectReason: null,
    soldCount: 0,
    rating: 0,
    ratingSum: 0,
    reviewCount: 0,
    previewUrl: "http://example.test/",
    thumbnailUrl: null,
    createdAt: at,
    updatedAt: at,
  } as Listing;
}

Deno.test("admin moderation lists: cursor walks by status, backfill, approvals move listings", async () => {
  const server: TestServer = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const seller = await server.client().register(undefined, "Seller Person");
    const made: Listing[] = [];
    for (let i = 0; i < 70; i++) made.push(listing(seller, i, i % 2 ? "approved" : "pending"));
    for (let i = 0; i < 60; i += 10) {
      const op = kv().atomic();
      for (const l of made.slice(i, i + 10)) writeListing(op, null, l);
      assert.ok((await op.commit()).ok);
    }
    // The last 10 stored as before the status index existed: the backfill gives them entries.
    for (const l of made.slice(60)) await kv().set(keys.listing(l.id), l);
    await kv().delete(marketKeys.listingIndexVersion());
    await backfillBrowseIndex();
    await backfillBrowseIndex(); // idempotent: the flag makes the second a single read

    const pending = await walk(admin, "/api/admin/marketplace?status=pending");
    const approved = await walk(admin, "/api/admin/marketplace?status=approved");
    assert.deepEqual(pending, await expected("pending"));
    assert.deepEqual(approved, await expected("approved"));
    assert.equal(pending.length, 35 + 7, "35 pending + 7 approved updates awaiting review");
    assert.equal(approved.length, 35);

    // Status changes move listings between the lists: rejections of pending listings, a
    // rejected update (stays approved, leaves the queue), and a listing made and approved the
    // usual way (page, listing, approval).
    const byId = (id: string) => made.find((l) => l.id === id)!;
    const toReject = pending.filter((id) => byId(id).status === "pending").slice(0, 2);
    const update = pending.find((id) => byId(id).status === "approved")!;
    for (const id of [...toReject, update]) {
      const res = await admin.post(`/api/admin/marketplace/${id}/reject`, { reason: "Not yet" });
      assert.equal(res.status, 200, res.text);
    }
    const real = (await approvedListing(server, admin, 2500, "Real one")).listing;
    const pending2 = await walk(admin, "/api/admin/marketplace?status=pending");
    const approved2 = await walk(admin, "/api/admin/marketplace?status=approved");
    const rejected = await walk(admin, "/api/admin/marketplace?status=rejected");
    assert.deepEqual(pending2, await expected("pending"));
    assert.deepEqual(approved2, await expected("approved"));
    assert.deepEqual(rejected, [...toReject].sort().reverse());
    assert.equal(pending2.length, pending.length - 3);
    for (const id of [...toReject, update, real.id]) assert.ok(!pending2.includes(id));
    assert.equal(approved2[0], real.id, "the newest approved listing comes first");
    assert.ok(approved2.includes(update));
    assert.equal(
      (await admin.get("/api/admin/marketplace?status=pending&cursor=%F0%9F%98%80")).status,
      400,
      "a garbled cursor is a 400",
    );
    const html = await admin.get("/admin/marketplace?status=approved&limit=20");
    assert.equal(html.status, 200);
    assert.match(html.text, /Next page/);
  } finally {
    await server.close();
  }
});
