// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Reviews take an explicit rating and words, can be edited by their author, and tell the seller.
import assert from "node:assert/strict";
import { eventually, readEvents, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

async function buyer(server: any, listingId: string, eventId: string) {
  const who = server.client();
  await who.register();
  const { transactionId } = (await who.post("/api/payment/create", { listingId })).body;
  assert.equal((await deliver(server, checkoutCompleted(eventId, transactionId))).status, 200);
  return who;
}

Deno.test("reviews: explicit rating and comment, editable, and the seller is told", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, sellerUser, listing } = await approvedListing(server, admin, 2500, "Starry");
    const bea = await buyer(server, listing.id, "evt_bea");
    const url = `/api/marketplace/${listing.id}/reviews`;

    const noRating = await bea.post(url, { comment: "Good" });
    assert.equal(noRating.status, 422);
    assert.ok(noRating.body.error.fields.rating, "the rating is named");
    const noWords = await bea.post(url, { rating: 5, comment: "   " });
    assert.equal(noWords.status, 422);
    assert.ok(noWords.body.error.fields.comment, "the comment is named");
    const form = await bea.post(`/marketplace/${listing.id}/review`, undefined, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.notEqual(form.status, 500);
    assert.equal((await bea.get(url)).body.items.length, 0, "one click posts nothing");

    const stream = await fetch(`${server.origin}/api/notifications/events`, {
      headers: { authorization: `Bearer ${seller.token}` },
    });
    const seen = readEvents(stream, (evs) => evs.some((e) => e.event === "review"), 3000);
    const posted = await bea.post(url, { rating: 4, comment: "Clean and fast" });
    assert.equal(posted.status, 201);
    const events = await seen;
    const note = events.find((e) => e.event === "review");
    assert.ok(note, "a live review notification");
    assert.match(note.data.title, /Starry/);
    const { kv } = await import("../lib/kv/index.ts");
    await eventually(async () => {
      for await (const e of kv().list<any>({ prefix: ["mail"] })) {
        if (e.value.to === sellerUser.email && /review/i.test(e.value.subject)) return true;
      }
      return false;
    });

    const cy = await buyer(server, listing.id, "evt_cy");
    assert.equal((await cy.post(url, { rating: 1, comment: "Not for me" })).status, 201);
    let shown = (await bea.get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.deepEqual([shown.rating, shown.reviewCount], [2.5, 2]);

    const edited = await bea.put(`${url}/mine`, { rating: 5, comment: "Even better after a week" });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.body.review.rating, 5);
    assert.deepEqual([edited.body.listing.rating, edited.body.listing.reviewCount], [3, 2]);
    shown = (await bea.get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.deepEqual([shown.rating, shown.reviewCount], [3, 2]);
    const items = (await bea.get(url)).body.items;
    assert.deepEqual(items.map((r: any) => r.comment).sort(), [
      "Even better after a week",
      "Not for me",
    ]);
    assert.equal((await bea.put(`${url}/mine`, { rating: 5, comment: "" })).status, 422);
    // The page's form: no star chosen for a new review; the buyer's own review filled in to edit.
    const fresh = await cy.get(`/marketplace/${listing.id}`, { headers: { accept: "text/html" } });
    assert.match(fresh.text, /Update your review/);
    const newcomer = await buyer(server, listing.id, "evt_dee");
    const blank = await newcomer.get(`/marketplace/${listing.id}`, {
      headers: { accept: "text/html" },
    });
    assert.match(blank.text, /<option value(="")? selected disabled>Choose a rating<\/option>/);
    assert.doesNotMatch(blank.text, /<option value="\d" selected/);
    const mineHtml = await bea.get(`/marketplace/${listing.id}`, {
      headers: { accept: "text/html" },
    });
    assert.match(mineHtml.text, /<option value="5" selected>/);
    assert.match(mineHtml.text, /Even better after a week<\/textarea>/);
    const viaForm = await bea.request("POST", `/marketplace/${listing.id}/review`, {
      body: new URLSearchParams({ rating: "4", comment: "Four after all" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(viaForm.status, 303);
    shown = (await bea.get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.deepEqual([shown.rating, shown.reviewCount], [2.5, 2], "edited, not added");

    const stranger = server.client();
    await stranger.register();
    assert.equal(
      (await stranger.put(`${url}/mine`, { rating: 5, comment: "Hi" })).status,
      404,
      "no review of theirs to edit",
    );
    const long = await bea.put(`/api/marketplace/${"x".repeat(3000)}/reviews/mine`, {
      rating: 5,
      comment: "Hi",
    });
    assert.ok([400, 404].includes(long.status), `an over-long id → ${long.status}`);
  } finally {
    await server.close();
  }
});
