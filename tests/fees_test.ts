// The 10% platform fee rounds the same way in every currency (half up, in the currency's
// smallest unit: cents, satang, whole đồng), and the seller's share is exactly the rest.
import assert from "node:assert/strict";
import { platformFee } from "../lib/payments/model.ts";
import { createListingSchema } from "../lib/market/listings.ts";

Deno.test("fees: 10% in minor units, half up, seller gets the rest", () => {
  const cases: [number, number][] = [
    [199000, 19900], // 199,000 ₫
    [199005, 19901], // 19,900.5 ₫ rounds up, like 0.5 cents would
    [4900, 490], // $49.00, ฿49.00
    [1995, 200], // 199.5 cents → 200
    [1994, 199],
    [250000, 25000],
  ];
  for (const [price, fee] of cases) {
    assert.equal(platformFee(price), fee, `fee of ${price}`);
    assert.equal(price - platformFee(price) + platformFee(price), price);
  }
});

Deno.test("fees: listings accept vnd and thb", () => {
  for (const currency of ["usd", "eur", "gbp", "vnd", "thb"]) {
    const r = createListingSchema.safeParse({
      pageId: "p1",
      title: "Trang đích",
      description: "Một trang đích đẹp.",
      category: "saas",
      price: 199000,
      currency,
    });
    assert.ok(r.success, currency);
  }
  assert.equal(
    createListingSchema.safeParse({
      pageId: "p1",
      title: "x page",
      description: "A page for x.",
      category: "saas",
      price: 100,
      currency: "jpy",
    }).success,
    false,
  );
});
