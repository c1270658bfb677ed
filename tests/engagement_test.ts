// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Listing engagement: likes are exact under parallel toggles and idempotent, views follow the
// analytics rules (no HEAD, bots, in-app previews or the seller), and the popular sort moves a
// listing up when it is liked or sold.
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

Deno.test("likes: parallel likes and unlikes are counted exactly, and liking twice is one like", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 1900, "Likeable");
    const fans = await Promise.all(Array.from({ length: 16 }, async () => {
      const c = server.client();
      await c.register();
      return c;
    }));
    const url = `/api/marketplace/${listing.id}/like`;
    // Each fan likes twice at once: 32 parallel requests, 16 likes.
    const liked = await Promise.all(fans.flatMap((f) => [f.post(url), f.post(url)]));
    assert.ok(liked.every((r) => r.status === 200), liked.map((r) => r.text).join("\n"));
    let shown = (await fans[0].get(`/api/marketplace/${listing.id}`)).body;
    assert.equal(shown.listing.likeCount, 16);
    assert.equal(shown.liked, true);
    // Half unlike (twice each) while the others like again: 8 remain.
    const mixed = await Promise.all(
      fans.flatMap((f, i) => i % 2 ? [f.delete(url), f.delete(url)] : [f.post(url)]),
    );
    assert.ok(mixed.every((r) => r.status === 200), mixed.map((r) => r.text).join("\n"));
    shown = (await fans[1].get(`/api/marketplace/${listing.id}`)).body;
    assert.equal(shown.listing.likeCount, 8);
    assert.equal(shown.liked, false);
    const { kv } = await import("../lib/kv/index.ts");
    let records = 0;
    for await (const _ of kv().list({ prefix: ["listing_likes", listing.id] })) records++;
    assert.equal(records, 8, "one like record per liking user");

    // Signed out: 401; an unknown listing: 404; the page shows a heart form to the signed-in.
    assert.equal((await server.client().post(url)).status, 401);
    assert.equal(
      (await fans[0].post("/api/marketplace/01JZZZZZZZZZZZZZZZZZZZZZZZ/like")).status,
      404,
    );
    const page = await fans[0].get(`/marketplace/${listing.id}`);
    assert.match(page.text, /aria-pressed="true"/);
    // The seller's own like counts too (a heart is not a purchase), through the HTML form.
    const form = await seller.request("POST", `/marketplace/${listing.id}/like`, {
      body: new URLSearchParams({ liked: "1" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 303);
    shown = (await seller.get(`/api/marketplace/${listing.id}`)).body;
    assert.equal(shown.listing.likeCount, 9);
  } finally {
    await server.close();
  }
});

Deno.test("views: counted by the analytics rules, buffered; popular sort follows likes and sales", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 1900, "Viewed");
    const other = await approvedListing(server, admin, 2900, "Newer");
    const { flushBuffered } = await import("../lib/kv/index.ts");
    const path = `/marketplace/${listing.id}`;
    const visit = (headers: Record<string, string> = {}, method = "GET") =>
      fetch(server.origin + path, { method, headers }).then((r) => r.body?.cancel());
    await visit();
    await visit({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" });
    await visit({}, "HEAD");
    await visit({ "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" });
    await visit({ "sec-fetch-dest": "iframe", referer: `${server.origin}/marketplace` });
    await seller.get(path); // the seller looking at their own page
    await flushBuffered();
    const api = await server.client().get(`/api/marketplace/${listing.id}`);
    assert.equal(api.body.views, 2, "two real visits");
    assert.match((await server.client().get(path)).text, /data-testid="views">\d+ views/);

    // Newest first by default; popular puts a liked listing above an unliked newer one.
    const order = async () =>
      (await server.client().get("/api/marketplace?sort=popular")).body.items.map((l: any) => l.id);
    const fan = server.client();
    await fan.register();
    assert.equal((await fan.post(`/api/marketplace/${listing.id}/like`)).status, 200);
    assert.deepEqual(await order(), [listing.id, other.listing.id]);
    // A sale weighs more than a like: the newer listing sold once goes first.
    const buyer = server.client();
    await buyer.register();
    const tx = (await buyer.post("/api/payment/create", { listingId: other.listing.id })).body;
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_pop", tx.transactionId))).status,
      200,
    );
    assert.deepEqual(await order(), [other.listing.id, listing.id]);
    // Text search sorts its matches the same way.
    // (the text index follows the listing event log, so it may trail the sale by a moment)
    const expected = JSON.stringify([other.listing.id, listing.id]);
    await eventually(async () => {
      const text = (await server.client().get("/api/marketplace?sort=popular&q=software")).body;
      return JSON.stringify(text.items.map((l: any) => l.id)) === expected;
    }, 5000);
  } finally {
    await server.close();
  }
});
