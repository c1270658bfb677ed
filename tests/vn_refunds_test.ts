// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Admin refunds of VNPay and MoMo payments reach the provider: fake VNPay and MoMo servers on
// loopback receive the refund requests (signatures recomputed here with node:crypto from the
// guides' field orders), fail, hang or succeed; retries, final failure, duplicate jobs, partial
// refunds of a bundle and the balances afterwards. Then the offline test gateways' own refund
// endpoints, with no fake server at all.
import assert from "node:assert/strict";
import { DEV_MOMO, DEV_VNPAY } from "../lib/config.ts";
import { listAudit } from "../lib/admin/index.ts";
import { enqueue } from "../lib/queue/index.ts";
import { listProviderRefunds, type ProviderRefund } from "../lib/payments/provider-refunds.ts";
import {
  type Client,
  eventually,
  jobsSettled,
  startTestServer,
  type TestServer,
} from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import {
  listingIn,
  momoRefundSign,
  pipeHash,
  postForm,
  startCheckout,
  VNP_REQUEST_FIELDS,
  VNP_RESPONSE_FIELDS,
} from "./_vn.ts";

type Behaviour = "ok" | "500" | "hang" | "slow";

/**
 * A fake provider on loopback: answers each refund request by the next behaviour (then "ok").
 * "500" is refused unprocessed; "hang" and "slow" are processed at once and answered late, as a
 * provider that got the call would. VNPay's querydr calls are answered at once, off the plan.
 */
function fakeProvider(answerOk: (body: any) => Record<string, unknown>) {
  const plan: Behaviour[] = [];
  const requests: any[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const body = await req.json();
    requests.push(body);
    const b = body.vnp_Command === "querydr" ? "ok" : plan.shift() ?? "ok";
    if (b === "500") return new Response("busy", { status: 503 });
    const answer = answerOk(body);
    if (b === "hang") await new Promise((r) => setTimeout(r, 1200));
    if (b === "slow") await new Promise((r) => setTimeout(r, 300));
    return Response.json(answer);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/api`,
    plan,
    requests,
    close: () => server.shutdown(),
  };
}

const VNP_QUERY_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_TransactionDate",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
];

/** What the fake VNPay refunded, per vnp_TxnRef (each refund: its type and amount). */
const vnpayRefunded = new Map<string, string[]>();
const refundsOf = (txnRef: string) => vnpayRefunded.get(txnRef) ?? [];

/** The fake VNPay: querydr shows the payment or its refund; a repeated refund gets 94. */
const vnpayOk = (b: any) => {
  if (b.vnp_Command === "querydr") {
    assert.equal(b.vnp_SecureHash, pipeHash(b, VNP_QUERY_FIELDS), "querydr's checksum");
    const done = refundsOf(b.vnp_TxnRef);
    const q: Record<string, unknown> = {
      vnp_ResponseId: "Q1",
      vnp_Command: "querydr",
      vnp_ResponseCode: "00",
      vnp_Message: "QueryDR Success",
      vnp_TmnCode: b.vnp_TmnCode,
      vnp_TxnRef: b.vnp_TxnRef,
      vnp_Amount: "",
      vnp_BankCode: "NCB",
      vnp_PayDate: "20261129120000",
      vnp_TransactionNo: done.length ? "77000001" : "14000001",
      vnp_TransactionType: done.length ? done[done.length - 1].split(":")[0] : "01",
      vnp_TransactionStatus: done.length ? "05" : "00",
      vnp_OrderInfo: b.vnp_OrderInfo,
      vnp_PromotionCode: "",
      vnp_PromotionAmount: "",
    };
    const hash = pipeHash(q, [...VNP_RESPONSE_FIELDS, "vnp_PromotionCode", "vnp_PromotionAmount"]);
    return { ...q, vnp_SecureHash: hash };
  }
  const key = `${b.vnp_TransactionType}:${b.vnp_Amount}`;
  const repeat = refundsOf(b.vnp_TxnRef).includes(key);
  if (!repeat) vnpayRefunded.set(b.vnp_TxnRef, [...refundsOf(b.vnp_TxnRef), key]);
  const r: Record<string, unknown> = {
    vnp_ResponseId: "R1",
    vnp_Command: "refund",
    vnp_ResponseCode: repeat ? "94" : "00",
    vnp_Message: repeat ? "Refund already requested, in progress" : "Refund success",
    vnp_TmnCode: b.vnp_TmnCode,
    vnp_TxnRef: b.vnp_TxnRef,
    vnp_Amount: b.vnp_Amount,
    vnp_BankCode: "NCB",
    vnp_PayDate: "20261129120000",
    vnp_TransactionNo: "77000001",
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
  transId: 6000000001,
  resultCode: 0,
  message: "Thành công.",
  responseTime: Date.now(),
});

/** Buy `listingId` through VNPay's test gateway; the IPN's query (vnp_TransactionNo …). */
async function buyVnpay(server: TestServer, listingIds: string[]) {
  const buyer = server.client();
  await buyer.register();
  const res = await buyer.post("/api/payment/create", {
    ...(listingIds.length > 1 ? { listingIds } : { listingId: listingIds[0] }),
    provider: "vnpay",
  });
  assert.equal(res.status, 201, res.text);
  const checkout = new URL(res.body.checkoutUrl);
  const paid = await postForm(buyer, "/checkout/vnpay/pay", {
    q: checkout.searchParams.toString(),
    action: "pay",
  });
  assert.equal(paid.status, 303, paid.text);
  const ipn = Object.fromEntries(new URL(paid.headers.get("location")!).searchParams);
  const createDate = checkout.searchParams.get("vnp_CreateDate")!;
  return { buyer, transactionId: res.body.transactionId as string, ipn, createDate };
}

async function buyMomo(server: TestServer, listingId: string) {
  const { buyer, transactionId } = await startCheckout(server, listingId, "momo");
  const paid = await postForm(buyer, `/checkout/momo/pay/${transactionId}`, { action: "pay" });
  assert.equal(paid.status, 303, paid.text);
  const ipn = Object.fromEntries(new URL(paid.headers.get("location")!).searchParams);
  return { buyer, transactionId, ipn };
}

const ordersOf = async (buyer: Client) => (await buyer.get("/api/orders")).body.items as any[];
const vndBalance = async (seller: Client) =>
  ((await seller.get("/api/sales")).body.balances as any[]).find((b) => b.currency === "vnd");

async function settled(txId: string, timeoutMs = 5000): Promise<ProviderRefund[]> {
  return (await eventually(async () => {
    const all = await listProviderRefunds(txId);
    return all.length && all.every((r) => r.status !== "pending") ? all : null;
  }, timeoutMs))!;
}

const ENV = {
  ...ADMIN_ENV,
  PROVIDER_REFUND_BACKOFF_MS: "50",
  PROVIDER_REFUND_ATTEMPTS: "3",
  PROVIDER_REFUND_TIMEOUT_MS: "400",
};

Deno.test("vn refunds: VNPay and MoMo refunds against fake providers", async (t) => {
  const vnpay = fakeProvider(vnpayOk);
  const momo = fakeProvider(momoOk);
  const server = await startTestServer({
    ...ENV,
    VNPAY_API_URL: vnpay.url,
    MOMO_REFUND_URL: momo.url,
  });
  try {
    const admin = await adminClient(server);

    await t.step(
      "VNPay: a 5xx is retried; a call that timed out but got through is not sent again",
      async () => {
        const { seller, listing } = await listingIn(server, admin, 200_000, "vnd");
        const { buyer, transactionId, ipn, createDate } = await buyVnpay(server, [listing.id]);
        assert.equal((await vndBalance(seller)).held, 180_000);
        const [order] = await ordersOf(buyer);
        vnpay.plan.push("500", "hang");
        const before = vnpay.requests.length;
        const res = await admin.post(`/api/admin/orders/${order.id}/refund`);
        assert.equal(res.status, 200, res.text);
        // The money moved when the admin refunded, once.
        assert.equal((await vndBalance(seller)).held, 0);
        const [refund] = await settled(transactionId);
        assert.equal(refund.status, "succeeded", refund.lastError ?? "");
        assert.equal(refund.attempts, 3);
        assert.equal(refund.providerRef, "77000001");
        const calls = vnpay.requests.slice(before);
        const sent = calls.filter((r) => r.vnp_Command === "refund");
        const queries = calls.filter((r) => r.vnp_Command === "querydr");
        // 1: 503 (not processed). 2: querydr shows no refund, so the refund is sent; it times out
        // though VNPay made it. 3: querydr shows the refund: nothing is sent again.
        assert.equal(sent.length, 2, "the refund is not sent after VNPay shows it made");
        assert.equal(queries.length, 2, "querydr before each retry of an unsure call");
        assert.deepEqual(refundsOf(transactionId), ["02:20000000"], "VNPay refunded once");
        for (const q of queries) {
          assert.equal(q.vnp_TxnRef, transactionId);
          assert.equal(q.vnp_TransactionDate, createDate);
        }
        for (const r of sent) {
          assert.equal(r.vnp_SecureHash, pipeHash(r, VNP_REQUEST_FIELDS), "the guide's checksum");
          assert.equal(r.vnp_Command, "refund");
          assert.equal(r.vnp_Version, "2.1.0");
          assert.equal(r.vnp_TmnCode, DEV_VNPAY.tmnCode);
          assert.equal(r.vnp_TransactionType, "02", "full refund");
          assert.equal(r.vnp_TxnRef, transactionId);
          assert.equal(r.vnp_Amount, "20000000", "200,000 ₫ × 100");
          assert.equal(r.vnp_TransactionNo, ipn.vnp_TransactionNo, "VNPay's number from the IPN");
          // "Thanh toán PAY giống vnp_CreateDate của vnp_Command=pay".
          assert.equal(r.vnp_TransactionDate, createDate, "the payment URL's vnp_CreateDate");
          assert.match(r.vnp_CreateDate, /^\d{14}$/);
        }
        const ids = calls.map((r) => r.vnp_RequestId);
        assert.equal(new Set(ids).size, ids.length, "a new vnp_RequestId on every call");
        // Settled: the balance did not move again, the order is refunded.
        assert.equal((await vndBalance(seller)).held, 0);
        assert.equal((await ordersOf(buyer))[0].status, "refunded");
      },
    );

    await t.step(
      "VNPay: failing every attempt marks the refund failed and tells the admin",
      async () => {
        const { seller, listing } = await listingIn(server, admin, 150_000, "vnd");
        const { buyer, transactionId } = await buyVnpay(server, [listing.id]);
        const [order] = await ordersOf(buyer);
        vnpay.plan.push("500", "500", "500"); // refused unprocessed: querydr shows no refund
        assert.equal((await admin.post(`/api/admin/orders/${order.id}/refund`)).status, 200);
        const [refund] = await settled(transactionId);
        assert.equal(refund.status, "failed");
        assert.equal(refund.attempts, 3);
        assert.match(refund.lastError ?? "", /503/);
        const audit = (await listAudit(50)).find((a) =>
          a.action === "refund.provider_failed" && a.target === `order:${order.id}`
        );
        assert.ok(audit, "an audit entry for the admin");
        const notes = (await admin.get("/api/notifications")).text;
        assert.match(notes, /VNPay did not make a refund/);
        // Money moved once (at the admin's refund), not back and not twice.
        assert.equal((await vndBalance(seller)).held, 0);
        assert.equal((await vndBalance(seller)).available, 0);
      },
    );

    await t.step("a duplicate refund job does not send twice", async () => {
      const { listing } = await listingIn(server, admin, 120_000, "vnd");
      const { buyer, transactionId } = await buyVnpay(server, [listing.id]);
      const [order] = await ordersOf(buyer);
      vnpay.plan.push("slow");
      const before = vnpay.requests.length;
      assert.equal((await admin.post(`/api/admin/orders/${order.id}/refund`)).status, 200);
      const [pending] = await eventually(() => listProviderRefunds(transactionId));
      // The same job twice more, while the first is in flight.
      await enqueue("payment.provider_refund", { refundId: pending.id, attempt: 1 });
      await enqueue("payment.provider_refund", { refundId: pending.id, attempt: 1 });
      const [done] = await settled(transactionId);
      assert.equal(done.status, "succeeded");
      // And once more after it succeeded.
      const again = [
        await enqueue("payment.provider_refund", { refundId: pending.id, attempt: 1 }),
        await enqueue("payment.provider_refund", { refundId: pending.id, attempt: 2 }),
      ];
      // Those jobs (and any they queued) have run: whatever they sent has reached VNPay.
      await jobsSettled({ ids: again });
      await jobsSettled({ type: "payment.provider_refund" });
      assert.equal(vnpay.requests.length - before, 1, "one request to VNPay");
    });

    await t.step("VNPay: one order of a bundle is a partial refund of its amount", async () => {
      const a = await listingIn(server, admin, 120_000, "vnd");
      const b = await listingIn(server, admin, 80_000, "vnd", "Trang thứ hai");
      const { buyer, transactionId } = await buyVnpay(server, [a.listing.id, b.listing.id]);
      const orders = await ordersOf(buyer);
      assert.equal(orders.length, 2);
      const second = orders.find((o) => o.listingId === b.listing.id);
      const before = vnpay.requests.length;
      assert.equal((await admin.post(`/api/admin/orders/${second.id}/refund`)).status, 200);
      const [refund] = await settled(transactionId);
      assert.equal(refund.status, "succeeded");
      const [sent] = vnpay.requests.slice(before).filter((r) => r.vnp_Command === "refund");
      assert.equal(sent.vnp_TransactionType, "03", "partial refund");
      assert.equal(sent.vnp_Amount, "8000000", "80,000 ₫ × 100");
      assert.equal(sent.vnp_SecureHash, pipeHash(sent, VNP_REQUEST_FIELDS));
      assert.equal((await vndBalance(b.seller)).held, 0);
      assert.equal((await vndBalance(a.seller)).held, 108_000, "the other order untouched");
    });

    await t.step("MoMo: signed refund with the IPN's transId, retried after a 5xx", async () => {
      const { seller, listing } = await listingIn(server, admin, 150_000, "vnd");
      const { buyer, transactionId, ipn } = await buyMomo(server, listing.id);
      const [order] = await ordersOf(buyer);
      momo.plan.push("500");
      const before = momo.requests.length;
      assert.equal((await admin.post(`/api/admin/orders/${order.id}/refund`)).status, 200);
      const [refund] = await settled(transactionId);
      assert.equal(refund.status, "succeeded");
      assert.equal(refund.providerRef, "6000000001");
      const sent = momo.requests.slice(before);
      assert.equal(sent.length, 2);
      for (const r of sent) {
        assert.equal(r.signature, momoRefundSign(r), "the guide's signature");
        assert.equal(r.partnerCode, DEV_MOMO.partnerCode);
        assert.equal(r.amount, 150_000);
        assert.equal(r.transId, Number(ipn.transId), "MoMo's transId from the IPN");
        assert.notEqual(r.orderId, transactionId, "a new orderId for the refund");
        assert.equal(r.orderId, refund.id);
      }
      assert.equal(
        sent[0].requestId,
        sent[1].requestId,
        "the same request, for MoMo's idempotency",
      );
      assert.equal((await vndBalance(seller)).held, 0);
    });
  } finally {
    await server.close();
    await vnpay.close();
    await momo.close();
  }
});

Deno.test("vn refunds: the offline test gateways answer refunds as the providers would", async () => {
  const server = await startTestServer(ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 250_000, "vnd");
    const v = await buyVnpay(server, [listing.id]);
    const [vOrder] = await ordersOf(v.buyer);
    assert.equal((await admin.post(`/api/admin/orders/${vOrder.id}/refund`)).status, 200);
    assert.equal((await settled(v.transactionId))[0].status, "succeeded");

    const m = await buyMomo(server, listing.id);
    const [mOrder] = await ordersOf(m.buyer);
    assert.equal((await admin.post(`/api/admin/orders/${mOrder.id}/refund`)).status, 200);
    assert.equal((await settled(m.transactionId))[0].status, "succeeded");
    assert.equal((await vndBalance(seller)).held, 0);

    // Its querydr shows the payment refunded (what a retry after an unsure call asks).
    const query: Record<string, unknown> = {
      vnp_RequestId: "Q9",
      vnp_Version: "2.1.0",
      vnp_Command: "querydr",
      vnp_TmnCode: DEV_VNPAY.tmnCode,
      vnp_TxnRef: v.transactionId,
      vnp_TransactionDate: v.createDate,
      vnp_CreateDate: "20261130080000",
      vnp_IpAddr: "127.0.0.1",
      vnp_OrderInfo: "Truy van",
    };
    query.vnp_SecureHash = pipeHash(query, VNP_QUERY_FIELDS);
    const shown = await (await fetch(
      `${server.origin}/checkout/vnpay/merchant_webapi/api/transaction`,
      { method: "POST", body: JSON.stringify(query) },
    )).json();
    assert.equal(shown.vnp_ResponseCode, "00");
    assert.equal(shown.vnp_TransactionType, "02", "a full refund");
    assert.equal(
      shown.vnp_SecureHash,
      pipeHash(shown, [...VNP_RESPONSE_FIELDS, "vnp_PromotionCode", "vnp_PromotionAmount"]),
    );

    // The gateway checks what it is sent: a forged VNPay checksum is its 97, signed.
    const forged = await fetch(`${server.origin}/checkout/vnpay/merchant_webapi/api/transaction`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        vnp_Command: "refund",
        vnp_Version: "2.1.0",
        vnp_TxnRef: v.transactionId,
        vnp_SecureHash: "00",
      }),
    });
    const answer = await forged.json();
    assert.equal(answer.vnp_ResponseCode, "97");
    assert.equal(answer.vnp_SecureHash, pipeHash(answer, VNP_RESPONSE_FIELDS));
    // A second MoMo refund beyond what was paid is refused (21), not paid out.
    const body: Record<string, unknown> = {
      partnerCode: DEV_MOMO.partnerCode,
      orderId: "extra-refund-1",
      requestId: "extra-refund-1",
      amount: 10_000,
      transId: Number(m.ipn.transId),
      lang: "vi",
      description: "again",
    };
    body.signature = momoRefundSign(body);
    const again = await (await fetch(`${server.origin}/checkout/momo/v2/gateway/api/refund`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    })).json();
    assert.equal(again.resultCode, 21);
  } finally {
    await server.close();
  }
});
