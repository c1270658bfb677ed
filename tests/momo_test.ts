// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// MoMo captureWallet: signatures as MoMo's guide builds them, a full purchase in VND through the
// offline test gateway, the create call against a fake MoMo on loopback, and IPNs that are
// tampered with, failed, repeated or for unknown orders.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { DEV_MOMO } from "../lib/config.ts";
import { startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn, postForm, startCheckout } from "./_vn.ts";

const IPN_FIELDS = [
  "accessKey",
  "amount",
  "extraData",
  "message",
  "orderId",
  "orderInfo",
  "orderType",
  "partnerCode",
  "payType",
  "requestId",
  "responseTime",
  "resultCode",
  "transId",
];

/** The IPN signature computed independently: the guide's field list, node:crypto's HMAC. */
function signIpn(body: Record<string, unknown>, keys = DEV_MOMO) {
  const all: Record<string, unknown> = { ...body, accessKey: keys.accessKey };
  const raw = IPN_FIELDS.map((k) => `${k}=${all[k]}`).join("&");
  return createHmac("sha256", keys.secretKey).update(raw).digest("hex");
}

const ipnBody = (orderId: string, amount: number, extra: Record<string, unknown> = {}) => {
  const body: Record<string, unknown> = {
    partnerCode: DEV_MOMO.partnerCode,
    orderId,
    requestId: `req-${orderId}`,
    amount,
    orderInfo: "Thanh toan",
    orderType: "momo_wallet",
    transId: 2588659987,
    resultCode: 0,
    message: "Thành công.",
    payType: "qr",
    responseTime: 1633504902954,
    extraData: "",
    ...extra,
  };
  return { ...body, signature: signIpn(body) } as Record<string, unknown>;
};

async function ipn(server: TestServer, body: unknown) {
  const res = await fetch(`${server.origin}/api/webhooks/momo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const ordersOf = async (client: any) => (await client.get("/api/orders")).body.items;

Deno.test("momo: a purchase in VND through the test gateway; replays are no-ops", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 199000, "vnd");
    const { buyer, transactionId, url } = await startCheckout(server, listing.id, "momo");
    const pay = new URL(url);
    assert.equal(pay.pathname, `/checkout/momo/pay/${transactionId}`);
    const page = await buyer.get(pay.pathname);
    assert.equal(page.status, 200);
    assert.match(page.text, /199\.000|199,000/);
    const stranger = server.client();
    await stranger.register();
    assert.equal((await stranger.get(pay.pathname)).status, 404);
    assert.equal((await postForm(stranger, pay.pathname, { action: "pay" })).status, 404);

    const paid = await postForm(buyer, pay.pathname, { action: "pay" });
    assert.equal(paid.status, 303);
    const back = new URL(paid.headers.get("location")!);
    assert.equal(back.pathname, "/checkout/momo/return");
    assert.equal(back.searchParams.get("resultCode"), "0");
    const ret = await buyer.get(back.pathname + back.search);
    assert.equal(ret.headers.get("location"), `/checkout/success?tx=${transactionId}`);

    const orders = await ordersOf(buyer);
    assert.equal(orders.length, 1);
    assert.equal(orders[0].status, "delivered");
    assert.equal(orders[0].currency, "vnd");
    assert.equal(orders[0].platformFee, 19900);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 179100);

    // A replay of a paid IPN, and a fresh one for the same order: 204, nothing changes.
    const replay = ipnBody(transactionId, 199000);
    assert.equal((await ipn(server, replay)).status, 204);
    assert.equal((await ipn(server, replay)).status, 204);
    assert.equal((await ordersOf(buyer)).length, 1);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 179100);
  } finally {
    await server.close();
  }
});

Deno.test("momo: tampered, failed and unknown IPNs are refused and deliver nothing", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 250000, "vnd");
    const { buyer, transactionId: tx } = await startCheckout(server, listing.id, "momo");
    const good = ipnBody(tx, 250000);
    const refused = async (what: string, body: unknown, code: string, status = 400) => {
      const res = await ipn(server, body);
      assert.equal(res.status, status, what);
      assert.equal(res.body.error.code, code, what);
    };
    await refused("amount", { ...good, amount: 1000 }, "invalid_signature");
    await refused("order id", { ...good, orderId: "01OTHER" }, "invalid_signature");
    await refused("result code", { ...good, resultCode: 1006 }, "invalid_signature");
    await refused("wrong secret", {
      ...good,
      signature: signIpn({ ...good }, { ...DEV_MOMO, secretKey: "someone-else" }),
    }, "invalid_signature");
    const { message: _m, ...missing } = good;
    await refused("missing field", missing, "invalid_event");
    await refused("extra field", { ...good, currency: "usd" }, "invalid_event");
    await refused("not JSON", "{", "malformed_json");
    await refused("mistyped", { ...good, amount: "250000" }, "invalid_event");
    // Signed, but for another partner, an unknown order, or another amount.
    const { signature: _s, ...fields } = good;
    const other = { ...fields, partnerCode: "OTHER" };
    await refused("partner", { ...other, signature: signIpn(other) }, "invalid_signature");
    await refused("unknown order", ipnBody("01UNKNOWN", 250000), "not_found", 404);
    await refused("signed amount", ipnBody(tx, 25000), "invalid_amount", 422);
    assert.deepEqual(await ordersOf(buyer), []);

    // A denied payment fails the order: 204, never delivered, even by a later success.
    const denied = ipnBody(tx, 250000, { resultCode: 1006, message: "Denied" });
    assert.equal((await ipn(server, denied)).status, 204);
    assert.equal((await ipn(server, good)).status, 204);
    assert.deepEqual(await ordersOf(buyer), []);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 0);

    // The test gateway's Cancel does the same for a new checkout.
    const second = await buyer.post("/api/payment/create", {
      listingId: listing.id,
      provider: "momo",
    });
    assert.equal(second.status, 201);
    const cancel = await postForm(buyer, new URL(second.body.checkoutUrl).pathname, {
      action: "cancel",
    });
    assert.equal(cancel.status, 303);
    assert.deepEqual(await ordersOf(buyer), []);

    // A third one paid by concurrent duplicate IPNs is delivered once.
    const third = await buyer.post("/api/payment/create", {
      listingId: listing.id,
      provider: "momo",
    });
    const paid = ipnBody(third.body.transactionId, 250000);
    const all = await Promise.all(Array.from({ length: 6 }, () => ipn(server, paid)));
    assert.deepEqual(all.map((r) => r.status), [204, 204, 204, 204, 204, 204]);
    assert.equal((await ordersOf(buyer)).length, 1);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 225000);
  } finally {
    await server.close();
  }
});

Deno.test("momo: the create call to MOMO_ENDPOINT is signed as the guide says (fake MoMo)", async () => {
  const keys = { partnerCode: "MOMOTEST", accessKey: "F8TESTACCESS", secretKey: "TESTSECRET123" };
  const received: any[] = [];
  let answer: (req: any) => Record<string, unknown> = (req) => ({
    partnerCode: req.partnerCode,
    requestId: req.requestId,
    orderId: req.orderId,
    amount: req.amount,
    responseTime: Date.now(),
    message: "Thành công.",
    resultCode: 0,
    payUrl: `https://test-payment.momo.vn/v2/gateway/pay?t=${req.orderId}`,
  });
  const fake = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const body = await req.json();
    received.push({ path: new URL(req.url).pathname, body });
    return Response.json(answer(body));
  });
  const server = await startTestServer({
    ...ADMIN_ENV,
    MOMO_ENDPOINT: `http://127.0.0.1:${fake.addr.port}/v2/gateway/api/create`,
    MOMO_PARTNER_CODE: keys.partnerCode,
    MOMO_ACCESS_KEY: keys.accessKey,
    MOMO_SECRET_KEY: keys.secretKey,
  });
  try {
    const admin = await adminClient(server);
    const { listing } = await listingIn(server, admin, 199000, "vnd");
    const { transactionId, url, buyer } = await startCheckout(server, listing.id, "momo");
    assert.equal(url, `https://test-payment.momo.vn/v2/gateway/pay?t=${transactionId}`);
    assert.equal(received.length, 1);
    const { path, body } = received[0];
    assert.equal(path, "/v2/gateway/api/create");
    assert.equal(body.requestType, "captureWallet");
    assert.equal(body.partnerCode, keys.partnerCode);
    assert.equal(body.orderId, transactionId);
    assert.equal(body.amount, 199000);
    assert.equal(body.ipnUrl, `${server.origin}/api/webhooks/momo`);
    const raw = `accessKey=${keys.accessKey}&amount=${body.amount}&extraData=${body.extraData}` +
      `&ipnUrl=${body.ipnUrl}&orderId=${body.orderId}&orderInfo=${body.orderInfo}` +
      `&partnerCode=${body.partnerCode}&redirectUrl=${body.redirectUrl}` +
      `&requestId=${body.requestId}&requestType=${body.requestType}`;
    assert.equal(body.signature, createHmac("sha256", keys.secretKey).update(raw).digest("hex"));
    // With a real endpoint the offline gateway is gone.
    assert.equal((await buyer.get(`/checkout/momo/pay/${transactionId}`)).status, 404);
    // The IPN is checked with the configured keys.
    const ipnFields = {
      partnerCode: keys.partnerCode,
      orderId: transactionId,
      requestId: body.requestId,
      amount: 199000,
      orderInfo: body.orderInfo,
      orderType: "momo_wallet",
      transId: 123,
      resultCode: 0,
      message: "ok",
      payType: "qr",
      responseTime: Date.now(),
      extraData: "",
    };
    assert.equal((await ipn(server, { ...ipnFields, signature: signIpn(ipnFields) })).status, 400);
    assert.equal(
      (await ipn(server, { ...ipnFields, signature: signIpn(ipnFields, keys) })).status,
      204,
    );
    assert.equal((await ordersOf(buyer)).length, 1);

    // MoMo refusing the payment is a clear 502, and no checkout is left open.
    answer = (req) => ({
      orderId: req.orderId,
      amount: req.amount,
      resultCode: 22,
      message: "Sai số tiền",
    });
    const other = await startCheckout(server, listing.id, "momo").catch((e) => e as Error);
    assert.match(String(other), /502.*MoMo refused the payment: Sai số tiền/);
  } finally {
    await server.close();
    await fake.shutdown();
  }
});
