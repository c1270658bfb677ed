// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// VNPay v2.1.0: the checksum as VNPay's guide computes it, a full purchase in VND through the
// offline test gateway, and IPNs that are tampered with, failed, repeated or for unknown orders.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { DEV_VNPAY } from "../lib/config.ts";
import { vnpaySignData, vnpEncode } from "../lib/payments/providers/vnpay.ts";
import { startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn, postForm, startCheckout } from "./_vn.ts";

// The payment URL of the guide's "Tạo URL Thanh toán" section (its secret is not published, so
// the encoding and order are checked against it, the HMAC against node:crypto).
const GUIDE_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?vnp_Amount=1806000" +
  "&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1" +
  "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other" +
  "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5" +
  "&vnp_Version=2.1.0&vnp_SecureHash=3e0d61a0c0534b2e36680b3f7277743e8784cc4e1d68fa7d276e79c23be7" +
  "d6318d338b477910a27992f5057bb1582bd44bd82ae8009ffaf6d141219218625c42";

Deno.test("vnpay: the sign data is the guide's query (sorted, form-encoded, hash left out)", () => {
  const url = new URL(GUIDE_URL);
  const params = Object.fromEntries(url.searchParams);
  // Shuffled, and with the hash type of older versions: neither changes the sign data.
  const shuffled = Object.fromEntries(
    Object.entries({ ...params, vnp_SecureHashType: "HmacSHA512" }).reverse(),
  );
  assert.equal(vnpaySignData(shuffled), url.search.slice(1).split("&vnp_SecureHash=")[0]);
  assert.equal(vnpEncode("a b*~'()!é/:"), "a+b*~'()!%C3%A9%2F%3A");
  assert.equal(vnpEncode("a b*~'()!é", true), "a+b%2A%7E%27%28%29%21%C3%A9");
});

const sign = (params: Record<string, string>, secret = DEV_VNPAY.hashSecret) =>
  createHmac("sha512", secret).update(vnpaySignData(params)).digest("hex");

function ipnQuery(params: Record<string, string>, secret?: string) {
  const q = new URLSearchParams(params);
  q.set("vnp_SecureHash", sign(params, secret));
  return q.toString();
}

const paidIpn = (txId: string, amount: number, extra: Record<string, string> = {}) => ({
  vnp_Amount: String(amount * 100),
  vnp_BankCode: "NCB",
  vnp_OrderInfo: `Thanh toan ${txId}`,
  vnp_PayDate: "20261129100000",
  vnp_ResponseCode: "00",
  vnp_TmnCode: DEV_VNPAY.tmnCode,
  vnp_TransactionNo: "14831393",
  vnp_TransactionStatus: "00",
  vnp_TxnRef: txId,
  ...extra,
});

async function ipn(server: TestServer, query: string) {
  const res = await fetch(`${server.origin}/api/webhooks/vnpay?${query}`);
  assert.equal(res.status, 200);
  return await res.json();
}

const ordersOf = async (client: any) => (await client.get("/api/orders")).body.items;

Deno.test("vnpay: a purchase in VND through the test gateway, then duplicates and refusals", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 199000, "vnd");
    assert.equal(listing.currency, "vnd");

    const { buyer, transactionId, url } = await startCheckout(server, listing.id, "vnpay");
    const checkout = new URL(url);
    assert.equal(checkout.pathname, "/checkout/vnpay/pay");
    const p = Object.fromEntries(checkout.searchParams);
    assert.equal(p.vnp_Version, "2.1.0");
    assert.equal(p.vnp_Command, "pay");
    assert.equal(p.vnp_Amount, "19900000", "199,000 ₫ × 100");
    assert.equal(p.vnp_CurrCode, "VND");
    assert.equal(p.vnp_TxnRef, transactionId);
    assert.equal(p.vnp_TmnCode, DEV_VNPAY.tmnCode);
    assert.match(p.vnp_OrderInfo, /^Thanh toan Trang dich Da Nang /, "no diacritics");
    assert.equal(p.vnp_SecureHash, sign(p), "the checksum VNPay would compute");

    // The gateway page refuses a changed amount, then shows the real one.
    const forged = new URL(url);
    forged.searchParams.set("vnp_Amount", "100");
    assert.equal((await buyer.get(forged.pathname + forged.search)).status, 400);
    const page = await buyer.get(checkout.pathname + checkout.search);
    assert.equal(page.status, 200);
    assert.match(page.text, /199\.000|199,000/);
    // Someone else cannot pay the buyer's checkout.
    const stranger = server.client();
    await stranger.register();
    assert.equal((await stranger.get(checkout.pathname + checkout.search)).status, 404);

    const paid = await postForm(buyer, "/checkout/vnpay/pay", {
      q: checkout.searchParams.toString(),
      action: "pay",
    });
    assert.equal(paid.status, 303);
    const back = new URL(paid.headers.get("location")!);
    assert.equal(back.pathname, "/checkout/vnpay/return");
    const ret = await buyer.get(back.pathname + back.search);
    assert.equal(ret.headers.get("location"), `/checkout/success?tx=${transactionId}`);

    const orders = await ordersOf(buyer);
    assert.equal(orders.length, 1);
    assert.equal(orders[0].status, "delivered");
    assert.equal(orders[0].price, 199000);
    assert.equal(orders[0].currency, "vnd");
    const sales = (await seller.get("/api/sales")).body;
    assert.equal(sales.balance.held, 179100, "seller credited 90%, held");

    // The same IPN again, and a fresh signed success for the same order: 02, nothing changes.
    const again = await ipn(server, ipnQuery(paidIpn(transactionId, 199000)));
    assert.deepEqual(again, { RspCode: "02", Message: "Order already confirmed" });
    assert.equal((await ordersOf(buyer)).length, 1);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 179100);
  } finally {
    await server.close();
  }
});

Deno.test("vnpay: tampered, failed and unknown IPNs get VNPay's codes and deliver nothing", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 250000, "vnd");
    const { buyer, transactionId: tx } = await startCheckout(server, listing.id, "vnpay");
    const good = paidIpn(tx, 250000);
    const signed = new URLSearchParams(ipnQuery(good));
    const tamper = (k: string, v: string | null) => {
      const q = new URLSearchParams(signed);
      if (v === null) q.delete(k);
      else q.set(k, v);
      return q.toString();
    };
    const invalid = { RspCode: "97", Message: "Invalid signature" };
    assert.deepEqual(await ipn(server, tamper("vnp_Amount", "100")), invalid, "amount");
    assert.deepEqual(await ipn(server, tamper("vnp_TxnRef", "01OTHER")), invalid, "txn ref");
    assert.deepEqual(await ipn(server, tamper("vnp_ResponseCode", "24")), invalid, "result");
    assert.deepEqual(await ipn(server, tamper("vnp_TransactionStatus", null)), invalid, "missing");
    assert.deepEqual(await ipn(server, tamper("vnp_Extra", "1")), invalid, "extra field");
    assert.deepEqual(await ipn(server, tamper("vnp_SecureHash", null)), invalid, "no hash");
    assert.deepEqual(await ipn(server, ipnQuery(good, "someone-elses-secret")), invalid, "secret");
    assert.deepEqual(await ipn(server, ""), invalid, "empty");
    // A value with characters the guide's PHP and NodeJS samples encode differently: the IPN is
    // accepted whichever of the two VNPay's checksum followed.
    const odd = { ...good, vnp_OrderInfo: "Don hang (1)*" };
    const phpHash = createHmac("sha512", DEV_VNPAY.hashSecret).update(vnpaySignData(odd, true))
      .digest("hex");
    assert.notEqual(phpHash, sign(odd));
    const phpQuery = new URLSearchParams({ ...odd, vnp_Amount: "100", vnp_SecureHash: phpHash });
    assert.deepEqual(await ipn(server, phpQuery.toString()), invalid, "php form, tampered");
    // Signed in the PHP form for an order we do not have: past the checksum, so 01.
    const unknown = { ...odd, vnp_TxnRef: "01NOSUCHORDER" };
    const signedPhp = createHmac("sha512", DEV_VNPAY.hashSecret)
      .update(vnpaySignData(unknown, true)).digest("hex");
    const accepted = new URLSearchParams({ ...unknown, vnp_SecureHash: signedPhp });
    assert.equal((await ipn(server, accepted.toString())).RspCode, "01", "php form accepted");

    // Correctly signed, but for an order we do not have, or another amount: 01 and 04.
    assert.equal((await ipn(server, ipnQuery(paidIpn("01UNKNOWN", 250000)))).RspCode, "01");
    assert.equal((await ipn(server, ipnQuery(paidIpn(tx, 25000)))).RspCode, "04");
    assert.equal(
      (await ipn(server, ipnQuery({ ...good, vnp_Amount: "25000001" }))).RspCode,
      "04",
      "a fraction of a đồng",
    );
    assert.deepEqual(await ordersOf(buyer), []);

    // A cancelled payment (24) marks the order failed: confirmed once, then 02; never delivered,
    // even by a later success for it.
    const cancelled = ipnQuery({
      ...good,
      vnp_ResponseCode: "24",
      vnp_TransactionStatus: "02",
    });
    assert.equal((await ipn(server, cancelled)).RspCode, "00");
    assert.equal((await ipn(server, cancelled)).RspCode, "02");
    assert.equal((await ipn(server, ipnQuery(good))).RspCode, "02");
    assert.deepEqual(await ordersOf(buyer), []);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 0);
    const tx1 = await buyer.get(`/checkout/success?tx=${tx}`);
    assert.match(tx1.text, /did not go through/);

    // A new Buy starts a new transaction; concurrent duplicate IPNs deliver it once.
    const second = await buyer.post("/api/payment/create", {
      listingId: listing.id,
      provider: "vnpay",
    });
    assert.equal(second.status, 201);
    assert.notEqual(second.body.transactionId, tx);
    const q = ipnQuery(paidIpn(second.body.transactionId, 250000));
    const answers = await Promise.all(Array.from({ length: 6 }, () => ipn(server, q)));
    assert.deepEqual(answers.map((a) => a.RspCode).sort(), ["00", "02", "02", "02", "02", "02"]);
    assert.equal((await ordersOf(buyer)).length, 1);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 225000);
  } finally {
    await server.close();
  }
});

Deno.test("vnpay and momo take VND only: a listing in another currency is a clear 422", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { listing } = await listingIn(server, admin, 4900, "thb", "Thai template");
    const buyer = server.client();
    await buyer.register();
    for (const provider of ["vnpay", "momo"]) {
      const res = await buyer.post("/api/payment/create", { listingId: listing.id, provider });
      assert.equal(res.status, 422, provider);
      assert.equal(res.body.error.code, "currency_not_supported");
      assert.match(res.body.error.message, /VND only.*THB/);
    }
    // The listing page's Buy form: a VND listing offers VNPay and MoMo, others do not, and a
    // refused provider comes back to the page with the reason.
    const thbPage = await buyer.get(`/marketplace/${listing.id}`);
    assert.doesNotMatch(thbPage.text, /data-testid="buy-vnpay"/);
    const refusedBuy = await postForm(buyer, `/marketplace/${listing.id}/buy`, {
      provider: "vnpay",
    });
    assert.equal(refusedBuy.status, 303);
    assert.match(decodeURIComponent(refusedBuy.headers.get("location")!), /error=VNPay takes/);
    const vnd = await listingIn(server, admin, 99000, "vnd");
    assert.match((await buyer.get(`/marketplace/${vnd.listing.id}`)).text, /buy-momo/);
    for (const provider of ["vnpay", "momo"]) {
      const buy = await postForm(buyer, `/marketplace/${vnd.listing.id}/buy`, { provider });
      assert.equal(buy.status, 303);
      assert.match(buy.headers.get("location")!, new RegExp(`/checkout/${provider}/pay`));
    }
    const stripe = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.equal(stripe.status, 201, "Stripe takes THB");
    const bad = await buyer.post("/api/payment/create", { listingId: listing.id, provider: "x" });
    assert.equal(bad.status, 422, "an unknown provider");
  } finally {
    await server.close();
  }
});
