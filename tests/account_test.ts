// deno-lint-ignore-file no-explicit-any -- JSON replies are loosely typed
// Data rights: a user's export holds their data and nothing private of anyone else's; deleting
// an account ends its sessions at once, takes its sites down and frees their slugs, keeps the
// other party's orders (with the user anonymised) and refuses while money is still available.
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

Deno.test("account export and deletion between two users who traded and chatted", async (t) => {
  // Sales are released at once, so the seller has an available balance.
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
  try {
    const admin = await adminClient(server);
    const { seller, sellerUser, listing } = await approvedListing(server, admin, 2500, "Kit");
    const buyer = server.client();
    const buyerEmail = `buyer${crypto.randomUUID().slice(0, 6)}@example.com`;
    await buyer.register(buyerEmail, "Bea Buyer");
    const pay = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.equal(pay.status, 201, pay.text);
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_acct_1", pay.body.transactionId))).status,
      200,
    );
    await eventually(async () => (await buyer.get("/api/orders")).body.items.length === 1);
    // The sale is released to the seller by a queue job.
    await eventually(async () =>
      (await seller.get("/api/account/export")).body.balance.available > 0
    );
    const review = await buyer.post(`/api/marketplace/${listing.id}/reviews`, {
      rating: 4,
      comment: "Solid kit overall",
    });
    assert.equal(review.status, 201, review.text);
    // Both chat with support; the buyer owns a published site with a lead.
    for (const [who, msg] of [[buyer, "buyer question"], [seller, "seller question"]] as const) {
      assert.equal(
        (await who.post("/api/chat/rooms", { subject: "Help", message: msg })).status,
        201,
      );
    }
    const site = (await buyer.post("/api/pages", { name: "Bea", slug: "bea-site" })).body.page;
    await buyer.put(`/api/pages/${site.id}`, {
      version: 1,
      content: {
        blocks: [{
          id: "f",
          type: "form",
          props: {
            title: "Join",
            fields: [{ name: "email", label: "Email", type: "email", required: true }],
            submitText: "Join",
            successMessage: "Thanks",
          },
        }],
      },
    });
    assert.equal((await buyer.post(`/api/pages/${site.id}/publish`)).status, 200);
    const host = `bea-site.${server.sitesDomain}`;
    assert.equal((await hostRequest(server.port, host, "/")).status, 200);
    const lead = await hostRequest(server.port, host, "/forms/f", {
      method: "POST",
      body: JSON.stringify({ email: "visitor@example.org" }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(lead.status, 201, lead.text);

    await t.step("the settings page links the export and the deletion form", async () => {
      const res = await seller.get("/account");
      assert.equal(res.status, 200);
      assert.ok(res.text.includes('href="/api/account/export"'));
      assert.ok(res.text.includes('action="/account/delete"'));
      assert.ok(res.text.includes("request a payout"));
    });

    await t.step(
      "the buyer's export holds their data and nothing private of the seller",
      async () => {
        const res = await buyer.get("/api/account/export");
        assert.equal(res.status, 200);
        const data = res.body;
        assert.equal(data.profile.email, buyerEmail);
        assert.equal(data.orders.asBuyer.length, 1);
        assert.equal(data.orders.asBuyer[0].listingId, listing.id);
        assert.ok(data.pages.some((p: any) => p.page.id === site.id && p.leads.length === 1));
        assert.ok(data.pages.every((p: any) => Array.isArray(p.revisions)));
        assert.equal(data.chat.length, 1);
        assert.equal(data.reviews.length, 1);
        assert.ok(data.chat[0].messages.some((m: any) => m.message === "buyer question"));
        const text = res.text;
        assert.ok(!text.includes(sellerUser.email), "the seller's email");
        assert.ok(!text.includes("seller question"), "the seller's chat");
        assert.ok(!text.includes(seller.token!), "the seller's token");
        assert.ok(!text.includes(buyer.token!), "the buyer's own token");
        assert.ok(!/passwordHash|scrypt\$/.test(text), "a password hash");
        assert.ok(!text.includes(`"refresh`), "a refresh token");
      },
    );

    await t.step(
      "the seller's export has the sale and listing, not the buyer's email",
      async () => {
        const data = (await seller.get("/api/account/export")).body;
        assert.equal(data.orders.asSeller.length, 1);
        assert.equal(data.listings.length, 1);
        assert.ok(!JSON.stringify(data).includes(buyerEmail));
      },
    );

    await t.step("a seller with money available is told to request a payout first", async () => {
      const res = await seller.request("DELETE", "/api/account", {
        json: { password: "password123" },
      });
      assert.equal(res.status, 409, res.text);
      assert.match(res.body.error.message, /payout/);
    });

    await t.step("a wrong password deletes nothing", async () => {
      const res = await buyer.request("DELETE", "/api/account", { json: { password: "nope" } });
      assert.equal(res.status, 403);
      assert.equal((await buyer.get("/api/account/export")).status, 200);
    });

    await t.step("deleting the buyer: tokens, sign-in and site gone; the sale stays", async () => {
      const token = buyer.token!;
      const res = await buyer.request("DELETE", "/api/account", {
        json: { password: "password123" },
      });
      assert.equal(res.status, 204, res.text);
      // The access token stops working at once (also on a fresh client without cookies).
      const again = server.client();
      again.token = token;
      assert.equal((await again.get("/api/account/export")).status, 401);
      assert.equal((await again.get("/api/pages")).status, 401);
      const login = await server.client().post("/api/auth/login", {
        email: buyerEmail,
        password: "password123",
      });
      assert.equal(login.status, 401);
      assert.equal((await hostRequest(server.port, host, "/")).status, 404);
      // The seller still sees the sale, with the buyer anonymised.
      const sales = (await seller.get("/api/sales")).body;
      const items = sales.items ?? sales;
      assert.equal(items.length, 1, JSON.stringify(sales));
      assert.ok(!JSON.stringify(sales).includes(buyerEmail));
      // Their review stays on the listing, under "Deleted user".
      const reviews = (await seller.get(`/api/marketplace/${listing.id}/reviews`)).body;
      assert.ok(JSON.stringify(reviews).includes("Deleted user"), JSON.stringify(reviews));
      assert.ok(!JSON.stringify(reviews).includes("Bea Buyer"));
      // The slug is free again and the email can sign up anew.
      const other = server.client();
      await other.register(buyerEmail, "New Bea");
      const reuse = await other.post("/api/pages", { name: "Bea 2", slug: "bea-site" });
      assert.equal(reuse.status, 201, reuse.text);
    });
  } finally {
    await server.close();
  }
});
