// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Free templates, discount codes and bundles through POST /api/payment/create and the webhooks.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, checkoutCompleted, deliver } from "./_market.ts";
import { listFor, listingIn } from "./_vn.ts";

async function buyer(server: any): Promise<Client> {
  const b = server.client();
  await b.register();
  return b;
}

const sales = async (seller: Client) => (await seller.get("/api/sales")).body.balance;

Deno.test("free templates, discount codes and bundles", async (t) => {
  const server = await startTestServer({ ...ADMIN_ENV, SCRYPT_LOG_N: "4" });
  try {
    const admin = await adminClient(server);

    await t.step(
      "free: delivered at once, amount 0, a second claim is the same order",
      async () => {
        const { seller, listing } = await listingIn(server, admin, 0, "usd", "Free kit");
        const b = await buyer(server);
        const claims = await Promise.all(
          [1, 2, 3].map(() => b.post("/api/payment/create", { listingId: listing.id })),
        );
        for (const r of claims) assert.equal(r.status, 201, r.text);
        assert.ok(claims.every((r) => r.body.checkoutUrl === null));
        const again = await b.post("/api/payment/create", { listingId: listing.id });
        assert.equal(again.status, 201, again.text);
        const orders = (await b.get("/api/orders")).body.items;
        assert.equal(orders.length, 1, "one order");
        assert.equal(orders[0].price, 0);
        assert.equal(orders[0].platformFee, 0);
        assert.equal(again.body.transactionId, orders[0].transactionId);
        assert.equal((await b.get("/api/pages")).body.items.length, 1, "one copy");
        assert.equal((await b.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 1);
        assert.deepEqual(await sales(seller), {
          available: 0,
          held: 0,
          paidOut: 0,
          currency: "usd",
        });
      },
    );

    await t.step("discount: 422 for unknown and expired codes, discounted total only", async () => {
      const { seller, listing } = await listingIn(server, admin, 5000, "usd", "Coded kit");
      const bad = await seller.post(`/api/marketplace/${listing.id}/discounts`, {
        code: "HALF",
        percentOff: 50,
        amountOff: 100,
      });
      assert.equal(bad.status, 422);
      const other = await buyer(server);
      const foreign = await other.post(`/api/marketplace/${listing.id}/discounts`, {
        code: "MINE",
        percentOff: 10,
      });
      assert.equal(foreign.status, 404, "another seller's listing");
      const made = await seller.post(`/api/marketplace/${listing.id}/discounts`, {
        code: "half",
        percentOff: 50,
      });
      assert.equal(made.status, 201, made.text);
      assert.equal(made.body.discount.code, "HALF");
      const soon = await seller.post(`/api/marketplace/${listing.id}/discounts`, {
        code: "SOON",
        amountOff: 1000,
        expiresAt: new Date(Date.now() + 1200).toISOString(),
      });
      assert.equal(soon.status, 201, soon.text);
      const b = await buyer(server);
      const unknown = await b.post("/api/payment/create", {
        listingId: listing.id,
        discountCode: "NOPE",
      });
      assert.equal(unknown.status, 422);
      await new Promise((r) => setTimeout(r, 1300));
      const expired = await b.post("/api/payment/create", {
        listingId: listing.id,
        discountCode: "SOON",
      });
      assert.equal(expired.status, 422);
      assert.equal(expired.body.error.code, "discount_expired");
      const pay = await b.post("/api/payment/create", {
        listingId: listing.id,
        discountCode: "half",
      });
      assert.equal(pay.status, 201, pay.text);
      const tx = pay.body.transactionId;
      // The full price is refused by the completion: refunded, nothing delivered.
      const full = checkoutCompleted("evt_full_price", tx);
      (full.data.object as any).amount_total = 5000;
      (full.data.object as any).currency = "usd";
      const wrong = await deliver(server, full);
      assert.equal(wrong.status, 200);
      assert.deepEqual((await b.get("/api/orders")).body.items, []);
      const again = await b.post("/api/payment/create", {
        listingId: listing.id,
        discountCode: "HALF",
      });
      assert.notEqual(again.body.transactionId, tx);
      const ok = checkoutCompleted("evt_half", again.body.transactionId);
      (ok.data.object as any).amount_total = 2500;
      (ok.data.object as any).currency = "usd";
      assert.equal((await deliver(server, ok)).status, 200);
      const orders = (await b.get("/api/orders")).body.items;
      assert.equal(orders.length, 1);
      assert.equal(orders[0].price, 2500);
      assert.equal(orders[0].platformFee, 250);
      assert.equal((await sales(seller)).held, 2250);
      const codes = (await seller.get("/api/seller/discounts")).body.items;
      assert.equal(codes.find((d: any) => d.code === "HALF").redemptions, 1);
    });

    await t.step(
      "discount at its limit: parallel payments, the last use is spent once",
      async () => {
        const { seller, listing } = await listingIn(server, admin, 3000, "usd", "Limited kit");
        assert.equal(
          (await seller.post("/api/seller/discounts", {
            code: "LAST2",
            amountOff: 1000,
            currency: "usd",
            maxRedemptions: 2,
            minPrice: 2000,
          })).status,
          201,
        );
        const buyers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => buyer(server)));
        // Every checkout starts while the code has uses left...
        const txs = await Promise.all(buyers.map(async (b) => {
          const r = await b.post("/api/payment/create", {
            listingId: listing.id,
            discountCode: "last2",
          });
          assert.equal(r.status, 201, r.text);
          return r.body.transactionId as string;
        }));
        // ...and they are all paid at once, each event delivered twice.
        await Promise.all(txs.flatMap((tx) => {
          const ev = checkoutCompleted(`evt_limit_${tx}`, tx);
          (ev.data.object as any).amount_total = 2000;
          return [deliver(server, ev), deliver(server, ev)];
        }));
        let delivered = 0;
        for (const b of buyers) {
          delivered += (await b.get("/api/orders")).body.items.length;
        }
        assert.equal(delivered, 2, "two uses, two orders");
        const codes = (await seller.get("/api/seller/discounts")).body.items;
        assert.equal(codes[0].redemptions, 2);
        assert.equal((await sales(seller)).held, 2 * 1800);
        assert.equal(
          (await buyers[0].get(`/api/marketplace/${listing.id}`)).body.listing.soldCount,
          2,
        );
        const late = await (await buyer(server)).post("/api/payment/create", {
          listingId: listing.id,
          discountCode: "LAST2",
        });
        assert.equal(late.status, 422);
        assert.equal(late.body.error.code, "discount_used_up");
      },
    );

    await t.step("bundle: two sellers, one payment, one order each, refunds per item", async () => {
      const a = await listingIn(server, admin, 1995, "usd", "Bundle A");
      const bSeller = server.client();
      await bSeller.register();
      const b1 = await listFor(bSeller, admin, 1005, "usd", "Bundle B1");
      const b2 = await listFor(bSeller, admin, 0, "usd", "Bundle B2");
      const eur = await listingIn(server, admin, 1000, "eur", "Euro kit");
      const buyerC = await buyer(server);
      const mixed = await buyerC.post("/api/payment/create", {
        listingIds: [a.listing.id, eur.listing.id],
      });
      assert.equal(mixed.status, 422);
      assert.equal(mixed.body.error.code, "mixed_currencies");
      const dup = await buyerC.post("/api/payment/create", {
        listingIds: [a.listing.id, a.listing.id],
      });
      assert.equal(dup.status, 422);
      const pay = await buyerC.post("/api/payment/create", {
        listingIds: [a.listing.id, b1.id, b2.id],
      });
      assert.equal(pay.status, 201, pay.text);
      const tx = pay.body.transactionId;
      const ev = checkoutCompleted("evt_bundle", tx);
      (ev.data.object as any).amount_total = 3000;
      await Promise.all([deliver(server, ev), deliver(server, ev)]);
      const orders = (await buyerC.get("/api/orders")).body.items;
      assert.equal(orders.length, 3);
      const byTitle = Object.fromEntries(orders.map((o: any) => [o.title, o]));
      assert.equal(byTitle["Bundle A"].platformFee, 200);
      assert.equal(byTitle["Bundle B1"].platformFee, 101);
      assert.equal((await sales(a.seller)).held, 1795);
      assert.equal((await sales(bSeller)).held, 904);
      // An admin refunds one item: only that order and that seller move.
      const r1 = await admin.post(`/api/admin/orders/${byTitle["Bundle B1"].id}/refund`);
      assert.equal(r1.status, 200, r1.text);
      assert.equal(r1.body.order.status, "refunded");
      assert.equal((await sales(bSeller)).held, 0);
      assert.equal((await sales(a.seller)).held, 1795);
      // Stripe then reports that partial refund: nothing more moves.
      const partial = {
        id: "evt_bundle_partial",
        object: "event",
        type: "charge.refunded",
        data: {
          object: {
            id: "ch_bundle",
            object: "charge",
            amount: 3000,
            amount_refunded: 1005,
            payment_intent: `pi_${tx}`,
            metadata: { transactionId: tx },
          },
        },
      };
      assert.equal((await deliver(server, partial)).status, 200);
      assert.equal((await sales(a.seller)).held, 1795);
      // The whole payment refunded: the rest reverses exactly.
      const full = {
        ...partial,
        id: "evt_bundle_full",
        data: { object: { ...partial.data.object, amount_refunded: 3000 } },
      };
      assert.equal((await deliver(server, full)).status, 200);
      assert.equal((await deliver(server, full)).status, 200);
      const after = (await buyerC.get("/api/orders")).body.items;
      // The free item has nothing to refund: the buyer keeps it.
      const statuses = Object.fromEntries(after.map((o: any) => [o.title, o.status]));
      assert.deepEqual(statuses, {
        "Bundle A": "refunded",
        "Bundle B1": "refunded",
        "Bundle B2": "delivered",
      });
      assert.equal((await sales(a.seller)).held, 0);
      assert.equal((await sales(bSeller)).held, 0);
      assert.equal(
        (await buyerC.get(`/api/marketplace/${a.listing.id}`)).body.listing.soldCount,
        0,
      );
    });

    await t.step("bundle of the most listings (10 sellers) completes in one commit", async () => {
      const listings = [];
      for (let i = 0; i < 10; i++) {
        listings.push((await listingIn(server, admin, 1000 + i, "usd", `Big bundle ${i}`)).listing);
      }
      const b = await buyer(server);
      const over = await b.post("/api/payment/create", {
        listingIds: [...listings.map((l) => l.id), "x"],
      });
      assert.equal(over.status, 422);
      const pay = await b.post("/api/payment/create", { listingIds: listings.map((l) => l.id) });
      assert.equal(pay.status, 201, pay.text);
      const done = await deliver(server, checkoutCompleted("evt_big", pay.body.transactionId));
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await b.get("/api/orders")).body.items.length, 10);
    });

    await t.step("a code below its minimum price does not apply", async () => {
      const { seller, listing } = await listingIn(server, admin, 1500, "usd", "Cheap kit");
      const made = await seller.post("/api/seller/discounts", {
        code: "BIG",
        percentOff: 20,
        minPrice: 2000,
      });
      assert.equal(made.status, 201, made.text);
      const r = await (await buyer(server)).post("/api/payment/create", {
        listingId: listing.id,
        discountCode: "BIG",
      });
      assert.equal(r.status, 422);
      assert.equal(r.body.error.code, "discount_unknown");
    });

    await t.step("bundle through VNPay (vnd only)", async () => {
      const v1 = await listingIn(server, admin, 100000, "vnd", "Gói một");
      const v2 = await listingIn(server, admin, 50000, "vnd", "Gói hai");
      const b = await buyer(server);
      const pay = await b.post("/api/payment/create", {
        listingIds: [v1.listing.id, v2.listing.id],
        provider: "vnpay",
      });
      assert.equal(pay.status, 201, pay.text);
      const url = new URL(pay.body.checkoutUrl);
      assert.equal(url.searchParams.get("vnp_Amount"), String(150000 * 100));
      const usd = await listingIn(server, admin, 1000, "usd", "Dollar kit");
      const refused = await b.post("/api/payment/create", {
        listingIds: [usd.listing.id],
        provider: "momo",
      });
      assert.equal(refused.status, 422);
    });
  } finally {
    await server.close();
  }
});
