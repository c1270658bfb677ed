// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import {
  addPayoutDetails,
  ADMIN_ENV,
  adminClient,
  approvedListing,
  checkoutCompleted,
  deliver,
  signedEvent,
} from "./_market.ts";

/** The newest email to `to` whose subject is `subject`, once it is delivered. */
async function mailTo(to: string, subject: string) {
  const { kv } = await import("../lib/kv/index.ts");
  for await (const e of kv().list<any>({ prefix: ["mail"] }, { reverse: true })) {
    if (e.value.to === to && e.value.subject === subject && e.value.status === "dev_mailbox") {
      return e.value;
    }
  }
  return null;
}

Deno.test("marketplace: listings, payments by signed webhook, refunds, reviews, payouts", async (t) => {
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "7" });
  try {
    const admin = await adminClient(server);
    const seller = server.client();
    await seller.register("seller@example.com", "Sally Seller");
    const page = (await seller.post("/api/pages", { name: "Rocket" })).body.page;
    await seller.put(`/api/pages/${page.id}`, {
      version: 1,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: "Rocket launch" } }] },
    });
    const listingInput = {
      pageId: page.id,
      title: "Rocket SaaS",
      description: "A landing page for software launches.",
      category: "saas",
      price: 4900,
    };
    let listing: any;

    await t.step("a listing needs a published page, and approval before it shows", async () => {
      const unpublished = await seller.post("/api/marketplace", listingInput);
      assert.equal(unpublished.status, 422);
      await seller.post(`/api/pages/${page.id}/publish`);
      const created = await seller.post("/api/marketplace", listingInput);
      assert.equal(created.status, 201, created.text);
      listing = created.body.listing;
      assert.equal(listing.status, "pending");
      assert.equal(listing.soldCount, 0);
      assert.match(listing.previewUrl, /^http:\/\/rocket\./);
      const anon = server.client();
      assert.deepEqual((await anon.get("/api/marketplace")).body.items, []);
      assert.equal((await anon.get(`/api/marketplace/${listing.id}`)).status, 404);
      assert.equal(
        (await seller.get(`/api/marketplace/${listing.id}`)).status,
        200,
        "the seller sees it",
      );
      assert.equal(
        (await seller.post("/api/marketplace", listingInput)).status,
        409,
        "one listing per page",
      );
      const queue = await admin.get("/api/admin/marketplace?status=pending");
      assert.deepEqual(queue.body.items.map((l: any) => l.id), [listing.id]);
      assert.equal((await seller.post(`/api/admin/marketplace/${listing.id}/approve`)).status, 403);
      const approved = await admin.post(`/api/admin/marketplace/${listing.id}/approve`);
      assert.equal(approved.body.listing.status, "approved");
      const list = await anon.get("/api/marketplace?q=rocket&category=saas&maxPrice=5000");
      assert.deepEqual(list.body.items.map((l: any) => l.id), [listing.id]);
      assert.deepEqual((await anon.get("/api/marketplace?minPrice=5000")).body.items, []);
      assert.deepEqual(
        (await anon.get("/api/marketplace?q=sally")).body.items.map((l: any) => l.id),
        [listing.id],
      );
      assert.equal((await anon.get("/api/marketplace?sort=bogus")).status, 422);
      const browse = await anon.get("/marketplace?max=-5&sort=bogus&cursor=x&q=rocket", {
        headers: { accept: "text/html" },
      });
      assert.equal(browse.status, 200, "the browse page leaves out filters it cannot read");
      assert.match(browse.text, /Rocket SaaS/);
    });

    await t.step("buying your own listing → 409", async () => {
      const res = await seller.post("/api/payment/create", { listingId: listing.id });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, "own_listing");
    });

    const buyer = server.client();
    const buyerUser = await buyer.register("buyer@example.com", "Bea Buyer");
    let transactionId = "";

    await t.step(
      "a webhook with a bad, stale, other-secret or missing signature → 400, nothing changes",
      async () => {
        const created = await buyer.post("/api/payment/create", { listingId: listing.id });
        assert.equal(created.status, 201);
        transactionId = created.body.transactionId;
        assert.match(created.body.checkoutUrl, new RegExp(`/checkout/test/${transactionId}$`));
        const event = checkoutCompleted("evt_forged", transactionId);
        const other = await deliver(server, event, { secret: "whsec_someone_else" });
        assert.equal(other.status, 400);
        assert.equal(other.body.error.code, "invalid_signature");
        const stale = await deliver(server, event, {
          timestamp: Math.floor(Date.now() / 1000) - 600,
        });
        assert.equal(stale.status, 400);
        const { payload, signature } = await signedEvent(event);
        const tampered = await fetch(`${server.origin}/api/webhooks/stripe`, {
          method: "POST",
          headers: { "stripe-signature": signature, "content-type": "application/json" },
          body: payload.replace("evt_forged", "evt_forgeD"),
        });
        assert.equal(tampered.status, 400);
        await tampered.body?.cancel();
        const unsigned = await fetch(`${server.origin}/api/webhooks/stripe`, {
          method: "POST",
          body: payload,
        });
        assert.equal(unsigned.status, 400);
        await unsigned.body?.cancel();
        assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
      },
    );

    await t.step(
      "the same signed event 5 times, also concurrently → exactly one order, copy, credit",
      async () => {
        const event = checkoutCompleted("evt_once", transactionId);
        const replies = await Promise.all([1, 2, 3].map(() => deliver(server, event)));
        replies.push(await deliver(server, event), await deliver(server, event));
        assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200]);
        const orders = (await buyer.get("/api/orders")).body.items;
        assert.equal(orders.length, 1);
        assert.equal(orders[0].status, "delivered");
        assert.equal(orders[0].price, 4900);
        const pages = (await buyer.get("/api/pages")).body.items;
        assert.equal(pages.length, 1, "one cloned page");
        assert.equal(pages[0].id, orders[0].createdPageId);
        assert.equal(pages[0].status, "draft");
        assert.equal(pages[0].content.blocks[0].props.headline, "Rocket launch");
        const sales = await seller.get("/api/sales");
        assert.equal(sales.body.items.length, 1);
        assert.deepEqual(sales.body.balance, {
          available: 0,
          held: 4410,
          paidOut: 0,
          currency: "usd",
        });
        assert.equal((await buyer.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 1);
        const stats = (await admin.get("/api/dashboard/stats")).body;
        if (stats.orders !== undefined) {
          assert.equal(stats.orders, 1);
          assert.equal(stats.revenue, 4900);
          assert.equal(stats.platformFees, 490);
        }
        const again = await buyer.post("/api/payment/create", { listingId: listing.id });
        assert.equal(again.status, 409);
        assert.equal(again.body.error.code, "already_bought");
        const ignored = await deliver(server, {
          id: "evt_other",
          type: "customer.created",
          data: { object: {} },
        });
        assert.equal(ignored.status, 200);
      },
    );

    await t.step("reviews: non-buyer 403, buyer once, second 409, rating updates", async () => {
      const stranger = server.client();
      await stranger.register();
      const no = await stranger.post(`/api/marketplace/${listing.id}/reviews`, {
        rating: 5,
        comment: "!",
      });
      assert.equal(no.status, 403);
      const yes = await buyer.post(`/api/marketplace/${listing.id}/reviews`, {
        rating: 4,
        comment: "Nice clean template",
      });
      assert.equal(yes.status, 201);
      assert.equal(yes.body.listing.rating, 4);
      assert.equal(yes.body.listing.reviewCount, 1);
      const twice = await buyer.post(`/api/marketplace/${listing.id}/reviews`, {
        rating: 1,
        comment: "Again and again",
      });
      assert.equal(twice.status, 409);
      assert.equal(
        (await buyer.post(`/api/marketplace/${listing.id}/reviews`, { rating: 9 })).status,
        422,
      );
      const reviews = await stranger.get(`/api/marketplace/${listing.id}/reviews`);
      assert.deepEqual(reviews.body.items.map((r: any) => [r.rating, r.buyerName]), [[
        4,
        "Bea Buyer",
      ]]);
    });

    await t.step("a payout above the available balance → 409", async () => {
      await addPayoutDetails(seller);
      const res = await seller.post("/api/payouts", { amount: 100 });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, "insufficient_funds");
    });

    await t.step(
      "a refund puts the held balance back to 0; a redelivered refund changes nothing",
      async () => {
        const order = (await buyer.get("/api/orders")).body.items[0];
        assert.equal((await buyer.post(`/api/admin/orders/${order.id}/refund`)).status, 403);
        const refund = await admin.post(`/api/admin/orders/${order.id}/refund`);
        assert.equal(refund.status, 200);
        assert.equal(refund.body.order.status, "refunded");
        const charge = {
          id: "evt_refund",
          type: "charge.refunded",
          data: { object: { id: "ch_1", object: "charge", payment_intent: `pi_${transactionId}` } },
        };
        assert.equal((await deliver(server, charge)).status, 200);
        const sales = await seller.get("/api/sales");
        assert.deepEqual(sales.body.balance, {
          available: 0,
          held: 0,
          paidOut: 0,
          currency: "usd",
        });
        assert.equal((await buyer.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 0);
        const audit = await eventually(async () => {
          const { kv } = await import("../lib/kv/index.ts");
          for await (
            const e of kv().list<any>({ prefix: ["audit"] })
          ) if (e.value.action === "order.refund") return e.value;
        });
        assert.equal(audit.actorId, (await admin.get("/api/auth/me")).body.user.id);
        void buyerUser;
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("marketplace: held funds are released after the refund window, then paid out", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 1999);
    const buyer = server.client();
    await buyer.register();
    const { transactionId } =
      (await buyer.post("/api/payment/create", { listingId: listing.id })).body;
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_release", transactionId))).status,
      200,
    );
    const balance = await eventually(async () => {
      const b = (await seller.get("/api/sales")).body.balance;
      return b.available > 0 ? b : null;
    });
    // round(1999 × 10%) = 200 to the platform, 1799 to the seller.
    assert.deepEqual(balance, { available: 1799, held: 0, paidOut: 0, currency: "usd" });
    await addPayoutDetails(seller);
    assert.equal((await seller.post("/api/payouts", { amount: 1800 })).status, 409);
    const payout = await seller.post("/api/payouts", { amount: 1500 });
    assert.equal(payout.status, 201);
    assert.equal((await seller.get("/api/sales")).body.balance.available, 299);
    const paid = await admin.post(`/api/admin/payouts/${payout.body.payout.id}/paid`, {
      reference: "BANK-1",
    });
    assert.equal(paid.body.payout.status, "paid");
    assert.equal((await seller.get("/api/sales")).body.balance.paidOut, 1500);

    // Released and paid out: an admin can no longer refund it here…
    const [order] = (await buyer.get("/api/orders")).body.items;
    const late = await admin.post(`/api/admin/orders/${order.id}/refund`);
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, "refund_window_closed");
    assert.equal((await buyer.get("/api/orders")).body.items[0].status, "delivered");
    // …but a refund made in Stripe is recorded, and the seller owes it from future sales.
    const charge = {
      id: "evt_late_refund",
      type: "charge.refunded",
      data: { object: { id: "ch_2", object: "charge", payment_intent: `pi_${transactionId}` } },
    };
    assert.equal((await deliver(server, charge)).status, 200);
    assert.equal((await buyer.get("/api/orders")).body.items[0].status, "refunded");
    assert.equal((await seller.get("/api/sales")).body.balance.available, 299 - 1799);
    assert.equal((await seller.post("/api/payouts", { amount: 100 })).status, 409);
  } finally {
    await server.close();
  }
});

Deno.test("marketplace: one open checkout per buyer; a listing follows its page; undeliverable payments are refunded", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, page, listing } = await approvedListing(server, admin, 2500, "Pulse");
    const anon = server.client();
    const buyer = server.client();
    await buyer.register();
    const first = await buyer.post("/api/payment/create", { listingId: listing.id });
    const second = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.equal(first.status, 201);
    assert.equal(
      second.body.transactionId,
      first.body.transactionId,
      "a second Buy, same checkout",
    );

    // Unpublished: off sale, though its page stays readable for those who bought it.
    assert.equal((await seller.post(`/api/pages/${page.id}/unpublish`)).status, 200);
    assert.deepEqual((await anon.get("/api/marketplace")).body.items, []);
    assert.equal((await anon.get(`/api/marketplace/${listing.id}`)).status, 200);
    const late = server.client();
    await late.register();
    const refused = await late.post("/api/payment/create", { listingId: listing.id });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "not_on_sale");
    // The checkout opened before is paid meanwhile: no order, no credit, the payment is refunded.
    const paid = await deliver(server, checkoutCompleted("evt_off_sale", first.body.transactionId));
    assert.equal(paid.status, 200);
    assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 0);
    assert.equal((await anon.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 0);

    // A new address and a republish put it back on sale, previewed where the page now lives.
    let current = (await seller.get(`/api/pages/${page.id}`)).body.page;
    current = (await seller.put(`/api/pages/${page.id}`, {
      version: current.version,
      slug: "pulse-two",
    })).body.page;
    await seller.post(`/api/pages/${page.id}/publish`);
    const back = (await anon.get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.match(back.previewUrl, /^http:\/\/pulse-two\./);
    assert.deepEqual((await anon.get("/api/marketplace")).body.items.map((l: any) => l.id), [
      listing.id,
    ]);

    // Unpublished edits are not what buyers get: the copy is the page as published.
    await seller.put(`/api/pages/${page.id}`, {
      version: current.version,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: "Half-done draft" } }] },
    });
    const again = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.notEqual(again.body.transactionId, first.body.transactionId);
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_bought", again.body.transactionId))).status,
      200,
    );
    const [order] = (await buyer.get("/api/orders")).body.items;
    const copy = (await buyer.get(`/api/pages/${order.createdPageId}`)).body.page;
    assert.equal(copy.content.blocks[0].props.headline, "Pulse headline");

    // Deleting the page withdraws the listing; a checkout still open for it is refunded.
    const other = server.client();
    await other.register();
    const open = await other.post("/api/payment/create", { listingId: listing.id });
    assert.equal((await seller.delete(`/api/pages/${page.id}`)).status, 204);
    assert.equal((await anon.get(`/api/marketplace/${listing.id}`)).status, 404);
    const gone = await deliver(server, checkoutCompleted("evt_gone", open.body.transactionId));
    assert.equal(gone.status, 200);
    assert.deepEqual((await other.get("/api/orders")).body.items, []);
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.listings, 0);
    assert.equal(stats.orders, 1);
  } finally {
    await server.close();
  }
});

Deno.test("marketplace: sellers edit, resubmit and withdraw listings; a second paid checkout is refunded", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, sellerUser, page, listing } = await approvedListing(
      server,
      admin,
      2500,
      "Tidy",
    );
    const stranger = server.client();
    await stranger.register();
    assert.equal(
      (await stranger.put(`/api/marketplace/${listing.id}`, { price: 100 })).status,
      404,
    );
    assert.equal((await stranger.delete(`/api/marketplace/${listing.id}`)).status, 404);

    // Two checkouts at two prices (the seller changed it in between); both get paid.
    const buyer = server.client();
    const buyerUser = await buyer.register();
    const cheap = await buyer.post("/api/payment/create", { listingId: listing.id });
    const repriced = await seller.put(`/api/marketplace/${listing.id}`, { price: 3000 });
    assert.equal(repriced.status, 200);
    assert.equal(repriced.body.listing.status, "approved", "a new price needs no review");
    const dear = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.notEqual(dear.body.transactionId, cheap.body.transactionId);
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_a", cheap.body.transactionId))).status,
      200,
    );
    const second = await deliver(server, checkoutCompleted("evt_b", dear.body.transactionId));
    assert.equal(second.status, 200);
    const orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.length, 1, "one order however many checkouts were paid");
    assert.equal(orders[0].price, 2500);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 2250);
    assert.equal((await buyer.get("/api/pages")).body.items.length, 1, "one copy");
    await eventually(() => mailTo(buyerUser.email, "Your receipt: Tidy"));
    const saleMail = await eventually(() => mailTo(sellerUser.email, "You sold Tidy"));
    assert.match(saleMail.text, /Your share is \$22\.50 \(LandingHub keeps \$2\.50\)/);

    // New words go back to review; a rejection can be fixed and resubmitted.
    const reworded = await seller.put(`/api/marketplace/${listing.id}`, { title: "Tidy Pro" });
    assert.equal(reworded.body.listing.status, "pending");
    assert.deepEqual((await stranger.get("/api/marketplace")).body.items, []);
    await admin.post(`/api/admin/marketplace/${listing.id}/reject`, { reason: "Blurry images" });
    const rejectMail = await eventually(() =>
      mailTo(sellerUser.email, "Tidy Pro was not approved")
    );
    assert.match(rejectMail.text, /Blurry images/);
    const fixed = await seller.put(`/api/marketplace/${listing.id}`, {
      description: "A tidy landing page with sharp screenshots.",
    });
    assert.equal(fixed.body.listing.status, "pending");
    assert.equal(fixed.body.listing.rejectReason, null);
    assert.equal((await seller.put(`/api/marketplace/${listing.id}`, { price: "x" })).status, 422);
    const edit = await seller.get(`/marketplace/${listing.id}/edit`, {
      headers: { accept: "text/html" },
    });
    assert.equal(edit.status, 200);
    assert.match(edit.text, /value="Tidy Pro"/);

    // Withdrawn: gone from the marketplace for good, and the page can be listed again.
    const withdrawn = await seller.delete(`/api/marketplace/${listing.id}`);
    assert.equal(withdrawn.body.listing.status, "archived");
    assert.equal((await stranger.get(`/api/marketplace/${listing.id}`)).status, 404);
    assert.equal(
      (await admin.post(`/api/admin/marketplace/${listing.id}/approve`)).status,
      409,
      "a withdrawn listing cannot be approved back",
    );
    const relisted = await seller.post("/api/marketplace", {
      pageId: page.id,
      title: "Tidy again",
      description: "A tidy landing page, listed again.",
      category: "saas",
      price: 1900,
    });
    assert.equal(relisted.status, 201);
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.pendingListings, 1);
    assert.equal(stats.listings, 0);
  } finally {
    await server.close();
  }
});

Deno.test("marketplace: delayed payments complete on async_payment_succeeded; a wrong amount is refunded", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 4000, "Slowpay");
    const buyer = server.client();
    await buyer.register();
    const { transactionId } =
      (await buyer.post("/api/payment/create", { listingId: listing.id })).body;
    const session = (extra: Record<string, unknown>) => {
      const event = checkoutCompleted(`evt_${crypto.randomUUID()}`, transactionId) as any;
      Object.assign(event.data.object, { amount_total: 4000, currency: "usd" }, extra);
      return event;
    };
    // A bank debit: the session completes unpaid, nothing is delivered yet.
    assert.equal((await deliver(server, session({ payment_status: "unpaid" }))).status, 200);
    assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
    const succeeded = session({ payment_status: "paid" });
    succeeded.type = "checkout.session.async_payment_succeeded";
    assert.equal((await deliver(server, succeeded)).status, 200);
    assert.equal((await buyer.get("/api/orders")).body.items.length, 1);

    // Another buyer's session reports a different amount: no order, the payment is refunded.
    const other = server.client();
    await other.register();
    const tx = (await other.post("/api/payment/create", { listingId: listing.id })).body;
    const cheap = checkoutCompleted("evt_cheap", tx.transactionId) as any;
    Object.assign(cheap.data.object, {
      amount_total: 100,
      currency: "usd",
      payment_status: "paid",
    });
    assert.equal((await deliver(server, cheap)).status, 200);
    assert.deepEqual((await other.get("/api/orders")).body.items, []);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 3600);
  } finally {
    await server.close();
  }
});
