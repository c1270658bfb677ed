// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// What a buyer gets is what an admin approved; bought copies cannot be resold; a suspended
// seller's listings are off sale at once.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

const hero = (headline: string) => ({
  blocks: [{ id: "h", type: "hero", props: { headline } }],
});

async function buyCopy(server: any, listingId: string, eventId: string) {
  const buyer = server.client();
  await buyer.register();
  const { transactionId } = (await buyer.post("/api/payment/create", { listingId })).body;
  assert.equal((await deliver(server, checkoutCompleted(eventId, transactionId))).status, 200);
  const [order] = (await buyer.get("/api/orders")).body.items;
  const copy = (await buyer.get(`/api/pages/${order.createdPageId}`)).body.page;
  return { buyer, copy, transactionId };
}

Deno.test("marketplace integrity: buyers get the approved version until an update is approved", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, page, listing } = await approvedListing(server, admin, 2500, "Pinned");
    const current = (await seller.get(`/api/pages/${page.id}`)).body.page;
    await seller.put(`/api/pages/${page.id}`, {
      version: current.version,
      content: hero("Swapped after approval"),
    });
    assert.equal((await seller.post(`/api/pages/${page.id}/publish`)).status, 200);

    const anon = server.client();
    const shown = (await anon.get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.equal(shown.status, "approved", "still on sale with the approved version");
    assert.equal(shown.updatePending, true);
    const queue = (await admin.get("/api/admin/marketplace?status=pending")).body.items;
    assert.deepEqual(queue.map((l: any) => l.id), [listing.id], "the update waits for review");
    const moderation = await admin.get("/admin/marketplace", { headers: { accept: "text/html" } });
    assert.match(moderation.text, /update to review/);
    assert.ok(moderation.text.includes(`/admin/marketplace/${listing.id}/approve`), "approvable");

    const first = await buyCopy(server, listing.id, "evt_pinned_1");
    assert.equal(first.copy.content.blocks[0].props.headline, "Pinned headline");
    assert.equal(first.copy.sourceListingId, listing.id);

    const approved = (await admin.post(`/api/admin/marketplace/${listing.id}/approve`)).body;
    assert.equal(approved.listing.status, "approved");
    assert.equal(approved.listing.updatePending, false);
    const second = await buyCopy(server, listing.id, "evt_pinned_2");
    assert.equal(second.copy.content.blocks[0].props.headline, "Swapped after approval");

    // A rejected update keeps the approved version on sale.
    const again = (await seller.get(`/api/pages/${page.id}`)).body.page;
    await seller.put(`/api/pages/${page.id}`, { version: again.version, content: hero("Spam") });
    await seller.post(`/api/pages/${page.id}/publish`);
    const rejected = await admin.post(`/api/admin/marketplace/${listing.id}/reject`, {
      reason: "Misleading",
    });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.listing.status, "approved");
    assert.equal(rejected.body.listing.updatePending, false);
    const third = await buyCopy(server, listing.id, "evt_pinned_3");
    assert.equal(third.copy.content.blocks[0].props.headline, "Swapped after approval");
  } finally {
    await server.close();
  }
});

Deno.test("marketplace integrity: bought copies and their duplicates cannot be listed", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 2500, "Original");
    const { buyer, copy } = await buyCopy(server, listing.id, "evt_bought");
    const listIt = async (pageId: string) => {
      assert.equal((await buyer.post(`/api/pages/${pageId}/publish`)).status, 200);
      return await buyer.post("/api/marketplace", {
        pageId,
        title: "My own template",
        description: "Entirely my own work, honestly.",
        category: "saas",
        price: 900,
      });
    };
    const direct = await listIt(copy.id);
    assert.equal(direct.status, 422);
    assert.equal(direct.body.error.code, "derived_page");
    assert.match(direct.body.error.message, /bought/);

    const dup = (await buyer.post(`/api/pages/${copy.id}/duplicate`)).body.page;
    assert.equal(dup.sourceListingId, listing.id, "a duplicate keeps the provenance");
    assert.equal((await listIt(dup.id)).status, 422);

    // Pasting the bought content into a fresh page is caught by its fingerprint.
    const fresh = (await buyer.post("/api/pages", { name: "Fresh" })).body.page;
    await buyer.put(`/api/pages/${fresh.id}`, { version: 1, content: copy.content });
    const pasted = await listIt(fresh.id);
    assert.equal(pasted.status, 422);
    assert.equal(pasted.body.error.code, "derived_page");
  } finally {
    await server.close();
  }
});

Deno.test("marketplace integrity: a suspended seller's listings are off sale at once", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { sellerUser, listing } = await approvedListing(server, admin, 2500, "Shady");
    const buyer = server.client();
    await buyer.register();
    const open = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.equal(open.status, 201);
    const suspended = await admin.patch(`/api/admin/users/${sellerUser.id}`, { suspended: true });
    assert.equal(suspended.status, 200);

    const anon = server.client();
    assert.deepEqual((await anon.get("/api/marketplace")).body.items, []);
    assert.deepEqual((await anon.get("/api/marketplace?q=shady")).body.items, []);
    assert.equal((await anon.get(`/api/marketplace/${listing.id}`)).status, 404);
    const page = await anon.get(`/marketplace/${listing.id}`, { headers: { accept: "text/html" } });
    assert.equal(page.status, 404);
    const late = server.client();
    await late.register();
    const refused = await late.post("/api/payment/create", { listingId: listing.id });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "not_on_sale");
    // A checkout opened before the suspension is refunded, not delivered.
    const paid = await deliver(server, checkoutCompleted("evt_shady", open.body.transactionId));
    assert.equal(paid.status, 200);
    assert.deepEqual((await buyer.get("/api/orders")).body.items, []);

    await admin.patch(`/api/admin/users/${sellerUser.id}`, { suspended: false });
    assert.deepEqual((await anon.get("/api/marketplace")).body.items.map((l: any) => l.id), [
      listing.id,
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("marketplace integrity: a pinned version of any size is stored in chunks and read back whole", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const { kv } = await import("../lib/kv/index.ts");
    const { readApprovedVersion, writeApprovedVersion, readStoredVersion } = await import(
      "../lib/market/versions.ts"
    );
    // 200 KB of content, with multi-byte text so chunks split inside characters' bytes.
    const long = "Ünïcödé FAQ answer ✓ ".repeat(9000);
    const content = { theme: {}, blocks: [{ id: "f", type: "faq", props: { text: long } }] } as any;
    const version = {
      listingId: "L1",
      content,
      seo: { title: "t", description: "", image: "" } as any,
      fingerprint: "x",
      publishedAt: null,
      approvedAt: new Date().toISOString(),
    };
    for (let round = 0; round < 2; round++) {
      const previous = await readStoredVersion("L1");
      const op = kv().atomic().check(previous);
      writeApprovedVersion(op, version, previous.value);
      assert.ok((await op.commit()).ok);
    }
    const back = await readApprovedVersion("L1");
    assert.equal((back?.content.blocks[0].props as any).text, long);
    let chunks = 0;
    for await (const _ of kv().list({ prefix: ["listing_version_chunks", "L1"] })) chunks++;
    assert.ok(chunks >= 4, `${chunks} chunks`);
    assert.equal(chunks, (await readStoredVersion("L1")).value!.chunks, "old chunks removed");
  } finally {
    await server.close();
  }
});
