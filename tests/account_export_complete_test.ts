// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The account export is complete (integrations without their secret, campaigns, custom domains,
// likes given, payout details masked, analytics totals per page) and holds nothing of another
// user's; deleting the account removes the integrations, campaigns and likes, and each removed
// like takes exactly one off the listing's count (another user's like stays).
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { kv } from "../lib/kv/index.ts";

const ACCOUNT_NUMBER = "DE89 3704 0044 0532 0130 00";

Deno.test("account export: integrations, campaigns, domains, likes, payout details, analytics; deletion removes them", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, ALLOW_PRIVATE_WEBHOOKS: "1" });
  try {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 1900, "Liked by two");
    const older = (await approvedListing(server, admin, 2900, "Liked before the index")).listing;
    const a = server.client();
    await a.register();
    const b = server.client();
    await b.register();
    const page = (await a.post("/api/pages", { name: "A page" })).body.page;
    const integ = await a.post(`/api/pages/${page.id}/integrations`, {
      type: "webhook",
      url: "http://127.0.0.1:9/hook",
    });
    assert.equal(integ.status, 201, integ.text);
    const secret: string = integ.body.integration.secret;
    assert.ok(secret.length > 10);
    const camp = await a.post("/api/campaigns", { subject: "A news", body: "Hello {{name}}" });
    assert.equal(camp.status, 201, camp.text);
    const dom = await a.post(`/api/pages/${page.id}/domains`, { hostname: "a-export.example.org" });
    assert.equal(dom.status, 201, dom.text);
    const details = await a.put("/api/payouts/details", {
      method: "bank",
      accountHolder: "Alex A",
      bankName: "Commerzbank",
      accountNumber: ACCOUNT_NUMBER,
      bankCode: "COBADEFFXXX",
      country: "de",
    });
    assert.equal(details.status, 200, details.text);
    const likeUrl = `/api/marketplace/${listing.id}/like`;
    assert.equal((await a.post(likeUrl)).status, 200);
    assert.equal((await b.post(likeUrl)).status, 200);
    // A like given before the per-user index existed: its index entry is not there yet.
    assert.equal((await a.post(`/api/marketplace/${older.id}/like`)).status, 200);
    const aId = (await a.get("/api/account/export")).body.profile.id;
    await kv().delete(["likes_by_user", aId, older.id]);
    await kv().delete(["likes_by_user_version"]);
    const bCamp = await b.post("/api/campaigns", { subject: "B secret news", body: "Hi" });
    assert.equal(bCamp.status, 201, bCamp.text);
    const likeCount = async () =>
      (await b.get(`/api/marketplace/${listing.id}`)).body.listing.likeCount;
    assert.equal(await likeCount(), 2);

    const exp = await a.get("/api/account/export");
    assert.equal(exp.status, 200, exp.text);
    const body = exp.body;
    const userA = body.profile.id;
    assert.deepEqual(body.integrations.map((i: any) => i.id), [integ.body.integration.id]);
    assert.equal(body.integrations[0].url, "http://127.0.0.1:9/hook");
    assert.equal(body.integrations[0].hasSecret, true);
    assert.ok(!exp.text.includes(secret), "no webhook secret");
    assert.ok(!exp.text.includes(secret.slice(-8)), "no part of the secret either");
    assert.deepEqual(body.campaigns.map((c: any) => c.subject), ["A news"]);
    assert.deepEqual(body.campaigns[0].counts, { sent: 0, failed: 0, unsubscribed: 0 });
    assert.deepEqual(body.domains.map((d: any) => [d.hostname, d.status]), [
      ["a-export.example.org", "pending"],
    ]);
    assert.deepEqual(body.likes.map((l: any) => l.listingId).sort(), [listing.id, older.id].sort());
    assert.equal(body.payoutDetails.accountNumberLast4, "3000");
    assert.ok(!exp.text.includes("0532 0130 00") && !exp.text.includes("0532013000"));
    assert.equal(body.analytics.length, 1);
    assert.equal(body.analytics[0].pageId, page.id);
    assert.deepEqual(
      Object.keys(body.analytics[0].totals).sort(),
      ["conversionRate", "leads", "views", "visitors"],
    );
    assert.ok(!exp.text.includes("B secret news"), "nothing of b's");
    const userB = (await b.get("/api/account/export")).body.profile.id;
    assert.ok(!exp.text.includes(userB), "not b's id (so not b's like)");

    const del = await a.request("DELETE", "/api/account", { json: { password: "password123" } });
    assert.ok(del.status < 300, del.text);
    const left = async (prefix: Deno.KvKey) => {
      const out = [];
      for await (const e of kv().list({ prefix })) out.push(e.key);
      return out;
    };
    assert.deepEqual(await left(["integrations", page.id]), [], "integrations gone");
    assert.deepEqual(await left(["campaigns_by_owner", userA]), [], "campaign index gone");
    assert.equal((await kv().get(["campaigns", camp.body.campaign.id])).value, null);
    assert.equal((await kv().get(["listing_likes", listing.id, userA])).value, null);
    assert.deepEqual(await left(["likes_by_user", userA]), [], "a's like index gone");
    assert.equal(await likeCount(), 1, "exactly one like taken off");
    const olderCount = (await b.get(`/api/marketplace/${older.id}`)).body.listing.likeCount;
    assert.equal(olderCount, 0, "the older like is taken off too");
    assert.equal(
      (await b.get(`/api/marketplace/${listing.id}`)).body.liked,
      true,
      "b's like stays",
    );
    assert.ok((await kv().get(["campaigns", bCamp.body.campaign.id])).value, "b's campaign stays");
  } finally {
    await server.close();
  }
});
