// Discount codes that would make a payment impossible or wrong are refused with a 422: a fixed
// amount in another currency than the listing's, a code on a free listing, and a discounted
// price above 0 but below the currency's minimum charge (100% off, making it free, is fine).
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn } from "./_vn.ts";

Deno.test("discounts: currency mismatch, free listings and below-minimum charges are 422s", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, SCRYPT_LOG_N: "4" });
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 100, "usd", "Cheap kit");
    const code = (body: Record<string, unknown>, id = listing.id) =>
      seller.post(`/api/marketplace/${id}/discounts`, body);

    const eur = await code({ code: "EURO", amountOff: 10, currency: "eur" });
    assert.equal(eur.status, 422, eur.text);
    assert.ok(eur.body.error.fields?.currency, eur.text);
    assert.equal((await code({ code: "USD", amountOff: 60, currency: "usd" })).status, 201);
    assert.equal((await code({ code: "ALL", percentOff: 100 })).status, 201);

    const free = await listingIn(server, admin, 0, "usd", "Free kit");
    const onFree = await free.seller.post(`/api/marketplace/${free.listing.id}/discounts`, {
      code: "FREEBIE",
      percentOff: 10,
    });
    assert.equal(onFree.status, 422, onFree.text);

    const b: Client = server.client();
    await b.register();
    // $1.00 − $0.60 = $0.40: under the 50-cent minimum charge.
    const tiny = await b.post("/api/payment/create", {
      listingId: listing.id,
      discountCode: "USD",
    });
    assert.equal(tiny.status, 422, tiny.text);
    assert.match(tiny.body.error.message, /minimum/i);
    const gratis = await b.post("/api/payment/create", {
      listingId: listing.id,
      discountCode: "ALL",
    });
    assert.ok(gratis.status === 200 || gratis.status === 201, gratis.text);
  } finally {
    await server.close();
  }
});
