// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// A VNPay or MoMo payment that cannot be delivered (the listing was withdrawn between checkout and
// the IPN) is refunded through its own provider — fake VNPay and MoMo refund servers on loopback
// receive the request — exactly once, however often and however concurrently the IPN comes.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { DEV_MOMO, DEV_VNPAY } from "../lib/config.ts";
import { listProviderRefunds, type ProviderRefund } from "../lib/payments/provider-refunds.ts";
import { vnpaySignData } from "../lib/payments/providers/vnpay.ts";
import { eventually, jobsSettled, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import {
  listingIn,
  momoRefundSign,
  pipeHash,
  startCheckout,
  VNP_REQUEST_FIELDS,
  VNP_RESPONSE_FIELDS,
} from "./_vn.ts";

/** A fake refund API on loopback that records every request and answers success. */
function fakeProvider(answer: (body: any) => Record<string, unknown>) {
  const requests: any[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const body = await req.json();
    requests.push(body);
    return Response.json(answer(body));
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/api`,
    requests,
    close: () => server.shutdown(),
  };
}

const vnpayOk = (b: any) => {
  const r: Record<string, unknown> = {
    vnp_ResponseId: "R1",
    vnp_Command: "refund",
    vnp_ResponseCode: "00",
    vnp_Message: "Refund success",
    vnp_TmnCode: b.vnp_TmnCode,
    vnp_TxnRef: b.vnp_TxnRef,
    vnp_Amount: b.vnp_Amount,
    vnp_BankCode: "NCB",
    vnp_PayDate: "20261130080000",
    vnp_TransactionNo: "77000009",
    vnp_TransactionType: b.vnp_TransactionType,
    vnp_TransactionStatus: "05",
    vnp_OrderInfo: b.vnp_OrderInfo,
  };
  return { ...r, vnp_SecureHash: pipeHash(r, VNP_RESPONSE_FIELDS) };
};
const momoOk = (b: any) => ({
  partnerCode: b.partnerCode,
  orderId: b.orderId,
  requestId: b.requestId,
  amount: b.amount,
  transId: 6000000009,
  resultCode: 0,
  message: "Thành công.",
  responseTime: Date.now(),
});

function vnpayIpn(txId: string, amount: number) {
  const params: Record<string, string> = {
    vnp_Amount: String(amount * 100),
    vnp_BankCode: "NCB",
    vnp_OrderInfo: `Thanh toan ${txId}`,
    vnp_PayDate: "20261130073015",
    vnp_ResponseCode: "00",
    vnp_TmnCode: DEV_VNPAY.tmnCode,
    vnp_TransactionNo: "14839001",
    vnp_TransactionStatus: "00",
    vnp_TxnRef: txId,
  };
  const q = new URLSearchParams(params);
  q.set(
    "vnp_SecureHash",
    createHmac("sha512", DEV_VNPAY.hashSecret).update(vnpaySignData(params)).digest("hex"),
  );
  return { params, query: q.toString() };
}

const MOMO_IPN_FIELDS = [
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

function momoIpn(txId: string, amount: number) {
  const body: Record<string, unknown> = {
    partnerCode: DEV_MOMO.partnerCode,
    orderId: txId,
    requestId: `req-${txId}`,
    amount,
    orderInfo: "Thanh toan",
    orderType: "momo_wallet",
    transId: 2588650009,
    resultCode: 0,
    message: "Thành công.",
    payType: "qr",
    responseTime: 1764488000000,
    extraData: "",
  };
  const all: Record<string, unknown> = { ...body, accessKey: DEV_MOMO.accessKey };
  const raw = MOMO_IPN_FIELDS.map((k) => `${k}=${all[k]}`).join("&");
  body.signature = createHmac("sha256", DEV_MOMO.secretKey).update(raw).digest("hex");
  return body;
}

async function sendVnpayIpn(server: TestServer, query: string) {
  const res = await fetch(`${server.origin}/api/webhooks/vnpay?${query}`);
  assert.equal(res.status, 200);
  return (await res.json()).RspCode as string;
}

async function sendMomoIpn(server: TestServer, body: unknown) {
  const res = await fetch(`${server.origin}/api/webhooks/momo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.body?.cancel();
  return res.status;
}

async function settled(txId: string): Promise<ProviderRefund[]> {
  return (await eventually(async () => {
    const all = await listProviderRefunds(txId);
    return all.length && all.every((r) => r.status !== "pending") ? all : null;
  }, 5000))!;
}

const vndHeld = async (seller: any) =>
  ((await seller.get("/api/sales")).body.balances as any[] ?? [])
    .find((b) => b.currency === "vnd")?.held ?? 0;

Deno.test("vn undeliverable: a withdrawn listing's VNPay and MoMo payments are refunded by their provider, once", async (t) => {
  const vnpay = fakeProvider(vnpayOk);
  const momo = fakeProvider(momoOk);
  const server = await startTestServer({
    ...ADMIN_ENV,
    VNPAY_API_URL: vnpay.url,
    MOMO_REFUND_URL: momo.url,
    PROVIDER_REFUND_BACKOFF_MS: "50",
    PROVIDER_REFUND_TIMEOUT_MS: "1000",
  });
  try {
    const admin = await adminClient(server);

    await t.step("VNPay: duplicated and concurrent IPNs, one refund request", async () => {
      const { seller, listing } = await listingIn(server, admin, 200_000, "vnd");
      const { buyer, transactionId, url } = await startCheckout(server, listing.id, "vnpay");
      assert.equal((await seller.delete(`/api/marketplace/${listing.id}`)).status, 200);
      const ipn = vnpayIpn(transactionId, 200_000);
      const codes = await Promise.all([1, 2, 3].map(() => sendVnpayIpn(server, ipn.query)));
      assert.ok(codes.includes("00"), codes.join());
      assert.ok(codes.every((c) => c === "00" || c === "02"), codes.join());
      const [refund, ...more] = await settled(transactionId);
      assert.equal(more.length, 0, "one refund");
      assert.equal(refund.status, "succeeded", refund.lastError ?? "");
      assert.equal(refund.provider, "vnpay");
      assert.equal(refund.amount, 200_000);
      assert.equal(refund.full, true);
      assert.equal(refund.orderId, null, "no order was made");
      // A late repeat of the IPN changes nothing.
      assert.equal(await sendVnpayIpn(server, ipn.query), "02");
      // Any refund job the repeat queued (in the IPN's commit) has run and called VNPay.
      await jobsSettled({ type: "payment.provider_refund" });
      assert.equal(vnpay.requests.length, 1, "one request to VNPay");
      const [sent] = vnpay.requests;
      assert.equal(sent.vnp_SecureHash, pipeHash(sent, VNP_REQUEST_FIELDS), "the guide's checksum");
      assert.equal(sent.vnp_Command, "refund");
      assert.equal(sent.vnp_TransactionType, "02", "full refund");
      assert.equal(sent.vnp_TxnRef, transactionId);
      assert.equal(sent.vnp_Amount, "20000000");
      assert.equal(sent.vnp_TransactionNo, ipn.params.vnp_TransactionNo);
      // "Thanh toán PAY giống vnp_CreateDate của vnp_Command=pay".
      const createDate = new URL(url).searchParams.get("vnp_CreateDate");
      assert.equal(sent.vnp_TransactionDate, createDate, "the payment URL's vnp_CreateDate");
      assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
      assert.equal(await vndHeld(seller), 0);
    });

    await t.step("MoMo: duplicated and concurrent IPNs, one refund request", async () => {
      const { seller, listing } = await listingIn(server, admin, 150_000, "vnd");
      const { buyer, transactionId } = await startCheckout(server, listing.id, "momo");
      assert.equal((await seller.delete(`/api/marketplace/${listing.id}`)).status, 200);
      const ipn = momoIpn(transactionId, 150_000);
      const statuses = await Promise.all([1, 2, 3].map(() => sendMomoIpn(server, ipn)));
      assert.deepEqual(statuses, [204, 204, 204]);
      const [refund, ...more] = await settled(transactionId);
      assert.equal(more.length, 0, "one refund");
      assert.equal(refund.status, "succeeded", refund.lastError ?? "");
      assert.equal(refund.provider, "momo");
      assert.equal(refund.providerRef, "6000000009");
      assert.equal(await sendMomoIpn(server, ipn), 204);
      // Any refund job the repeat queued (in the IPN's commit) has run and called MoMo.
      await jobsSettled({ type: "payment.provider_refund" });
      assert.equal(momo.requests.length, 1, "one request to MoMo");
      const [sent] = momo.requests;
      assert.equal(sent.signature, momoRefundSign(sent), "the guide's signature");
      assert.equal(sent.amount, 150_000);
      assert.equal(sent.transId, ipn.transId, "MoMo's transId from the IPN");
      assert.notEqual(sent.orderId, transactionId, "a new orderId for the refund");
      assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
      assert.equal(await vndHeld(seller), 0);
    });
  } finally {
    await server.close();
    await vnpay.close();
    await momo.close();
  }
});
