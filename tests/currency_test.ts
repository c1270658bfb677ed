// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Money in several currencies: one seller selling in VND (VNPay test gateway) and USD (Stripe)
// gets one balance per currency with the exact 90% shares; releases, payouts, refunds and the
// dashboard figures each stay in their own currency; listing prices are bounded per currency.
import assert from "node:assert/strict";
import { type Client, eventually, startTestServer, type TestServer } from "./_helpers.ts";
import { addPayoutDetails, ADMIN_ENV, adminClient, checkoutCompleted, deliver } from "./_market.ts";
import { listFor, postForm, startCheckout } from "./_vn.ts";

/** A VND sale of 199,000 ₫ through the VNPay test gateway and a USD sale of $19.99 via Stripe. */
async function sellInTwoCurrencies(server: TestServer) {
  const admin = await adminClient(server);
  const seller = server.client();
  await seller.register();
  const vndListing = await listFor(seller, admin, 199000, "vnd");
  const usdListing = await listFor(seller, admin, 1999, "usd");

  const vnd = await startCheckout(server, vndListing.id, "vnpay");
  const checkout = new URL(vnd.url);
  const paid = await postForm(vnd.buyer, "/checkout/vnpay/pay", {
    q: checkout.searchParams.toString(),
    action: "pay",
  });
  assert.equal(paid.status, 303);
  const back = new URL(paid.headers.get("location")!);
  await vnd.buyer.get(back.pathname + back.search);

  const usdBuyer = server.client();
  await usdBuyer.register();
  const { transactionId } =
    (await usdBuyer.post("/api/payment/create", { listingId: usdListing.id })).body;
  assert.equal((await deliver(server, checkoutCompleted("evt_usd", transactionId))).status, 200);
  const orderOf = async (buyer: Client) =>
    await eventually(async () => (await buyer.get("/api/orders")).body.items[0]);
  return {
    admin,
    seller,
    vndOrder: await orderOf(vnd.buyer),
    usdOrder: await orderOf(usdBuyer),
  };
}

const byCurrency = (balances: any[]) =>
  Object.fromEntries(balances.map((b) => [b.currency, { available: b.available, held: b.held }]));

Deno.test("currency: VND and USD sales are held apart, refunded apart, counted apart", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const { admin, seller, vndOrder, usdOrder } = await sellInTwoCurrencies(server);
    assert.equal(vndOrder.currency, "vnd");
    assert.equal(usdOrder.currency, "usd");
    // 90%: 199,000 − 19,900 = 179,100 ₫; 1999 − round(199.9) = 1799 cents.
    const sales = (await seller.get("/api/sales")).body;
    assert.deepEqual(byCurrency(sales.balances), {
      usd: { available: 0, held: 1799 },
      vnd: { available: 0, held: 179100 },
    });
    // The primary balance is the one with the most money; never a sum of both.
    assert.equal(sales.balance.currency, "vnd");
    assert.equal(sales.balance.held, 179100);
    const me = (await seller.get("/api/auth/me")).body.user;
    assert.deepEqual(byCurrency(me.balances), byCurrency(sales.balances));
    assert.deepEqual(me.balance, { available: 0, held: 179100, currency: "vnd" });

    // Dashboard: `revenue`/`platformFees` are the usd figures, the rest per currency.
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.currency, "usd");
    assert.equal(stats.revenue, 1999);
    assert.equal(stats.platformFees, 200);
    assert.deepEqual(stats.revenueByCurrency, { usd: 1999, vnd: 199000 });
    assert.deepEqual(stats.platformFeesByCurrency, { usd: 200, vnd: 19900 });
    assert.equal(stats.orders, 2);
    const dash = await admin.get("/admin");
    assert.equal(dash.status, 200);
    assert.match(dash.text, /₫199,000|199,000\s*₫/);

    // The seller's dashboard: one balance and one revenue figure per currency.
    const own = await seller.get("/dashboard");
    assert.match(own.text, /data-stat="balance">\$17\.99</);
    assert.match(own.text, /data-stat="balance:vnd">₫179,100</);
    assert.match(own.text, /data-stat="[^"]+:revenue:vnd">₫199,000</);
    assert.match(own.text, /data-stat="[^"]+:revenue">\$19\.99</);

    // Refunding the VND order takes back only the VND share.
    assert.equal((await admin.post(`/api/admin/orders/${vndOrder.id}/refund`)).status, 200);
    const after = (await seller.get("/api/sales")).body;
    assert.deepEqual(byCurrency(after.balances), {
      usd: { available: 0, held: 1799 },
      vnd: { available: 0, held: 0 },
    });
    assert.equal(after.balance.currency, "usd");
    const later = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(later.revenue, 1999);
    assert.equal(later.revenueByCurrency.usd, 1999);
    assert.equal(later.revenueByCurrency.vnd ?? 0, 0);
    assert.equal(later.platformFeesByCurrency.vnd ?? 0, 0);
    assert.equal(later.orders, 1);
  } finally {
    await server.close();
  }
});

Deno.test("currency: released per currency; a payout draws only its own currency", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
  try {
    const { admin, seller } = await sellInTwoCurrencies(server);
    const balances = await eventually(async () => {
      const b = byCurrency((await seller.get("/api/sales")).body.balances);
      return b.usd?.available === 1799 && b.vnd?.available === 179100 ? b : null;
    });
    assert.deepEqual(balances, {
      usd: { available: 1799, held: 0 },
      vnd: { available: 179100, held: 0 },
    });
    await addPayoutDetails(seller);
    // More than the VND balance, though less than VND + USD together: refused.
    const over = await seller.post("/api/payouts", { amount: 180000, currency: "vnd" });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, "insufficient_funds");
    // A USD payout cannot use the VND money either.
    assert.equal(
      (await seller.post("/api/payouts", { amount: 1800, currency: "usd" })).status,
      409,
    );
    assert.equal((await seller.post("/api/payouts", { amount: 100, currency: "xx" })).status, 422);

    const payout = await seller.post("/api/payouts", { amount: 150000, currency: "vnd" });
    assert.equal(payout.status, 201);
    assert.equal(payout.body.payout.currency, "vnd");
    assert.equal(payout.body.payout.amount, 150000);
    // Without a currency: the primary balance (vnd, the larger one).
    const usd = await seller.post("/api/payouts", { amount: 1500, currency: "usd" });
    assert.equal(usd.status, 201);
    assert.equal(usd.body.payout.currency, "usd");
    assert.deepEqual(byCurrency((await seller.get("/api/sales")).body.balances), {
      usd: { available: 299, held: 0 },
      vnd: { available: 29100, held: 0 },
    });
    const dflt = await seller.post("/api/payouts", { amount: 10000 });
    assert.equal(dflt.status, 201);
    assert.equal(dflt.body.payout.currency, "vnd");

    const paid = await admin.post(`/api/admin/payouts/${payout.body.payout.id}/paid`, {
      reference: "BANK-VND-1",
    });
    assert.equal(paid.status, 200);
    const all = (await seller.get("/api/sales")).body;
    assert.deepEqual(byCurrency(all.balances), {
      usd: { available: 299, held: 0 },
      vnd: { available: 19100, held: 0 },
    });
    // The sales page shows each currency apart and pays out from the chosen one (form amounts are
    // in major units: whole đồng).
    const salesPage = await seller.get("/sales");
    assert.match(salesPage.text, /data-currency="vnd"/);
    assert.match(salesPage.text, /data-currency="usd"/);
    const form = await seller.request("POST", "/sales/payout", {
      body: new URLSearchParams({ amount: "19100", currency: "vnd" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 303);
    assert.doesNotMatch(form.headers.get("location")!, /error=/);
    assert.equal(byCurrency((await seller.get("/api/sales")).body.balances).vnd.available, 0);
    const console = await admin.get("/admin/payouts");
    assert.equal(console.status, 200);
    assert.match(console.text, /VND/);
  } finally {
    await server.close();
  }
});

Deno.test("currency: listing prices are bounded per currency, with a clear 422", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const seller = server.client();
    await seller.register();
    // 50,000,000 ₫ (≈ $2,000) is a fair price, above the old one-size 1,000,000 cap.
    const vnd = await listFor(seller, admin, 50_000_000, "vnd");
    assert.equal(vnd.price, 50_000_000);
    const thb = await listFor(seller, admin, 2_000, "thb");
    assert.equal(thb.price, 2_000);

    const { page } = (await seller.post("/api/pages", { name: "Bounds" })).body;
    await seller.put(`/api/pages/${page.id}`, {
      version: 1,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: "Bounds" } }] },
    });
    assert.equal((await seller.post(`/api/pages/${page.id}/publish`)).status, 200);
    const list = (price: number, currency: string) =>
      seller.post("/api/marketplace", {
        pageId: page.id,
        title: "Bounds",
        description: "A page to test the price bounds.",
        category: "saas",
        price,
        currency,
      });
    for (
      const [price, currency] of [
        [9_999, "vnd"],
        [100_000_001, "vnd"],
        [1_999, "thb"],
        [10_000_001, "thb"],
        [99, "usd"],
        [1_000_001, "eur"],
      ] as const
    ) {
      const res = await list(price, currency);
      assert.equal(res.status, 422, `${price} ${currency}`);
      // The range is said at the price field (with every other field's error at once).
      assert.match(
        `${res.body.error.message} ${res.body.error.fields?.price ?? ""}`,
        new RegExp(`Prices in ${currency.toUpperCase()}`),
      );
    }
    const low = await list(9_999, "vnd");
    assert.match(low.body.error.fields.price, /10,000/);
    // An edit is checked against the listing's own currency.
    assert.equal((await seller.put(`/api/marketplace/${vnd.id}`, { price: 5_000 })).status, 422);
    const raised = await seller.put(`/api/marketplace/${vnd.id}`, { price: 100_000_000 });
    assert.equal(raised.status, 200);
  } finally {
    await server.close();
  }
});
