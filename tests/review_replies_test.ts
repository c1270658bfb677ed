// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Reviews need a chosen rating and at least three words, are edited by their author, get one
// editable seller reply; the storefront rating follows. Licences: each listing states one
// (personal by default), and its order and receipt name it.
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

async function buyer(server: any, listingId: string, eventId: string) {
  const who = server.client();
  const user = await who.register();
  const { transactionId } = (await who.post("/api/payment/create", { listingId })).body;
  assert.equal((await deliver(server, checkoutCompleted(eventId, transactionId))).status, 200);
  return { who, user };
}

Deno.test("reviews: rating chosen, three words, author edits, one seller reply", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 2500, "Reply Kit");
    await seller.put("/api/sellers/me", { handle: "reply-kit" });
    const { who: bea } = await buyer(server, listing.id, "evt_r1");
    const url = `/api/marketplace/${listing.id}/reviews`;
    const short = await bea.post(url, { rating: 4, comment: "Nice one" });
    assert.equal(short.status, 422);
    assert.match(short.body.error.fields.comment, /3 words/);
    assert.equal((await bea.post(url, { rating: 4, comment: "!! ?? ..." })).status, 422);
    assert.equal((await bea.post(url, { comment: "Works very well" })).status, 422);
    assert.equal((await bea.post(url, { rating: 0, comment: "Works very well" })).status, 422);
    const posted = await bea.post(url, { rating: 2, comment: "Works quite well" });
    assert.equal(posted.status, 201, posted.text);
    const reviewId = posted.body.review.id;
    const edited = await bea.put(`${url}/mine`, { rating: 4, comment: "Works very well now" });
    assert.equal(edited.status, 200);
    assert.equal((await bea.put(`${url}/mine`, { rating: 4, comment: "Too short" })).status, 422);

    // The seller replies once; a second PUT edits the same reply.
    const replyUrl = `${url}/${reviewId}/reply`;
    assert.equal((await bea.put(replyUrl, { text: "Not mine to answer" })).status, 404);
    assert.equal((await seller.put(replyUrl, { text: "  " })).status, 422);
    assert.equal(
      (await seller.put(`${url}/01JZZZZZZZZZZZZZZZZZZZZZZZ/reply`, { text: "Hi" })).status,
      404,
    );
    const first = await seller.put(replyUrl, { text: "Thank you!" });
    assert.equal(first.status, 200, first.text);
    const again = await seller.put(replyUrl, { text: "Thank you, glad it helps." });
    assert.equal(again.status, 200);
    assert.equal(again.body.review.reply.createdAt, first.body.review.reply.createdAt);
    assert.ok(again.body.review.reply.updatedAt);
    const items = (await server.client().get(url)).body.items;
    assert.equal(items.length, 1);
    assert.equal(items[0].reply.text, "Thank you, glad it helps.");
    assert.equal(items[0].rating, 4);
    // The buyer hears of the reply once (the first one).
    const notes = (await bea.get("/api/notifications")).body.items;
    assert.equal(notes.filter((n: any) => n.type === "review_reply").length, 1);
    // The storefront's rating follows the edit.
    const front = (await server.client().get("/api/sellers/reply-kit")).body.seller;
    assert.deepEqual([front.rating, front.reviewCount], [4, 1]);
    // Reviews from before the seller counters: summed once from the listings on first read.
    const { kv } = await import("../lib/kv/index.ts");
    for await (const e of kv().list({ prefix: ["seller_rating"] })) await kv().delete(e.key);
    const again2 = (await server.client().get("/api/sellers/reply-kit")).body.seller;
    assert.deepEqual([again2.rating, again2.reviewCount], [4, 1], "backfilled once");
    // The page shows the reply, and the seller a form to edit it.
    assert.match((await server.client().get(`/marketplace/${listing.id}`)).text, /glad it helps/);
    assert.match((await seller.get(`/marketplace/${listing.id}`)).text, /Edit your reply/);
  } finally {
    await server.close();
  }
});

Deno.test("licences: stated on the listing, named on the order and the receipt", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const plain = await approvedListing(server, admin, 1500, "Plain Kit");
    assert.equal(plain.listing.licence, "personal", "personal by default");
    const { seller, listing } = await approvedListing(server, admin, 3500, "Agency Kit");
    const bad = await seller.put(`/api/marketplace/${listing.id}`, { licence: "forever" });
    assert.equal(bad.status, 422);
    const set = await seller.put(`/api/marketplace/${listing.id}`, { licence: "commercial" });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.listing.licence, "commercial");
    assert.equal(set.body.listing.status, "approved", "a licence change needs no new review");
    const priced = await seller.put(`/api/marketplace/${listing.id}`, { price: 3900 });
    assert.equal(priced.body.listing.licence, "commercial", "an edit without it keeps it");
    assert.match(
      (await server.client().get(`/marketplace/${listing.id}`)).text,
      /Commercial licence/,
    );

    const { who, user } = await buyer(server, listing.id, "evt_lic");
    const orders = await eventually(async () => {
      const items = (await who.get("/api/orders")).body.items;
      return items.length ? items : null;
    });
    assert.equal(orders[0].licence, "commercial");
    const { kv } = await import("../lib/kv/index.ts");
    const receipt = await eventually(async () => {
      for await (const e of kv().list<any>({ prefix: ["mail"] })) {
        if (e.value.to === user.email && /receipt/i.test(e.value.subject)) return e.value;
      }
      return null;
    });
    assert.match(receipt.text, /Licence: commercial use/i);
  } finally {
    await server.close();
  }
});
