// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Marketplace money under stress: bundles from three sellers (some with a seller-wide discount
// code that has fewer uses than the buyers who try it), free claims sent twice at once, VNPay and
// MoMo bundles in VND, partial refunds before and after their completions, refunds of one item
// and of whole bundles; every event duplicated and shuffled, tampered IPNs, and injected KV
// commit faults (retried the way each provider retries). Every balance, fee, redemption count
// and sold count must equal the expected total.
import assert from "node:assert/strict";
import { momoIpnSignature, momoOrderInfo } from "../lib/payments/providers/momo.ts";
import { signedVnpayQuery } from "../lib/payments/providers/vnpay.ts";
import { config } from "../lib/config.ts";
import { type Client, startTestServer } from "../tests/_helpers.ts";
import { ADMIN_ENV, adminClient, checkoutCompleted, signedEvent } from "../tests/_market.ts";
import { mulberry32, shuffle } from "../tests/_random.ts";
import { listFor, listingIn } from "../tests/_vn.ts";
import { injectCommitFaults } from "./_faults.ts";

const BUYERS = 16;
const CODE_TRIES = 10; // buyers 0..9 try the code...
const CODE_USES = 5; // ...which has 5 uses
const PARTIAL = [10, 11, 12, 13]; // 700 refunded of the bundle (taken from its first item)
const ITEM_REFUND = [10, 11]; // an admin refunds their second item
const FULL_REFUND = [14, 15]; // the whole bundle refunded
const COMMIT_FAULT_RATE = 0.05;

Deno.test("marketplace money under stress: bundles, codes at their limit, free claims, VN IPNs", async () => {
  const seed = Number(Deno.env.get("STRESS_SEED") ?? 20261129);
  const random = mulberry32(seed);
  const server = await startTestServer({ ...ADMIN_ENV, SCRYPT_LOG_N: "4" });
  // While armed, a share of KV commits throw before reaching the store (stress/_faults.ts).
  const faults = injectCommitFaults(random, COMMIT_FAULT_RATE);
  let retries = 0;
  /** Send until the answer is not a server error (as Stripe, VNPay and MoMo retry). */
  async function untilAnswered(
    send: () => Promise<Response | { status: number; body: any }>,
    failed = (_: any) => false,
  ) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const res = await send();
      const body = !(res instanceof Response)
        ? res.body
        : res.headers.get("content-type")?.includes("json")
        ? await res.json()
        : (await res.body?.cancel(), null);
      if (res.status < 500 && !failed(body)) return { status: res.status, body };
      retries++;
    }
    throw new Error("never answered");
  }
  const stripe = async (event: Record<string, unknown>) => {
    const { payload, signature } = await signedEvent(event);
    return await untilAnswered(() =>
      fetch(`${server.origin}/api/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      })
    );
  };
  try {
    const admin = await adminClient(server);
    const s0 = await listingIn(server, admin, 2000, "usd", "Alpha kit");
    const s1 = await listingIn(server, admin, 1995, "usd", "Beta kit");
    const s2 = await listingIn(server, admin, 1005, "usd", "Gamma kit");
    const freeListing = await listFor(s0.seller, admin, 0, "usd", "Free kit");
    const v0 = await listingIn(server, admin, 150000, "vnd", "Gói một");
    const v1 = await listingIn(server, admin, 99000, "vnd", "Gói hai");
    const made = await s0.seller.post("/api/seller/discounts", {
      code: "LIMIT5",
      amountOff: 300,
      currency: "usd",
      maxRedemptions: CODE_USES,
    });
    assert.equal(made.status, 201, made.text);
    const usdIds = [s0.listing.id, s1.listing.id, s2.listing.id];
    const buyers: Client[] = [];
    const usdTx: string[] = [];
    const vndTx: { id: string; provider: string; requestId: string | null }[] = [];
    for (let i = 0; i < BUYERS; i++) {
      const b = server.client();
      await b.register();
      buyers.push(b);
      const usd = await b.post("/api/payment/create", {
        listingIds: usdIds,
        ...(i < CODE_TRIES ? { discountCode: "limit5" } : {}),
      });
      assert.equal(usd.status, 201, usd.text);
      usdTx.push(usd.body.transactionId);
      const provider = i % 2 ? "momo" : "vnpay";
      const vnd = await b.post("/api/payment/create", {
        listingIds: [v0.listing.id, v1.listing.id],
        provider,
      });
      assert.equal(vnd.status, 201, vnd.text);
      const url = new URL(vnd.body.checkoutUrl);
      vndTx.push({ id: vnd.body.transactionId, provider, requestId: null });
      assert.ok(provider === "momo" || url.searchParams.get("vnp_Amount") === "24900000");
    }

    // Provider notifications for the VND bundles, as each gateway signs them.
    const vnpayIpn = async (txId: string, amount: number) =>
      await signedVnpayQuery({
        vnp_Amount: String(amount * 100),
        vnp_BankCode: "NCB",
        vnp_OrderInfo: `Thanh toan ${txId}`,
        vnp_PayDate: "20261129220000",
        vnp_ResponseCode: "00",
        vnp_TmnCode: config().vnpayTmnCode,
        vnp_TransactionNo: String(10_000_000 + Math.floor(random() * 1e7)),
        vnp_TransactionStatus: "00",
        vnp_TxnRef: txId,
      });
    const momoIpn = async (txId: string, amount: number) => {
      const fields = {
        partnerCode: config().momoPartnerCode,
        orderId: txId,
        requestId: txId,
        amount,
        orderInfo: momoOrderInfo("Gói", txId),
        orderType: "momo_wallet",
        transId: 4_000_000_000 + Math.floor(random() * 1e8),
        resultCode: 0,
        message: "Successful.",
        payType: "qr",
        responseTime: Date.now(),
        extraData: "",
      };
      return JSON.stringify({ ...fields, signature: await momoIpnSignature(fields) });
    };
    const sends: (() => Promise<unknown>)[] = [];
    let tampered = 0;
    for (const tx of vndTx) {
      const good = tx.provider === "vnpay"
        ? await vnpayIpn(tx.id, 249000)
        : await momoIpn(tx.id, 249000);
      const bad = tx.provider === "vnpay"
        ? await vnpayIpn(tx.id, 149000)
        : await momoIpn(tx.id, 149000);
      const send = (q: string, expectBad: boolean) => async () => {
        if (tx.provider === "vnpay") {
          const r = await untilAnswered(
            () => fetch(`${server.origin}/api/webhooks/vnpay?${q}`),
            (b) => b?.RspCode === "99",
          );
          if (expectBad) assert.equal(r.body.RspCode, "04", "a tampered amount");
          else assert.ok(["00", "02"].includes(r.body.RspCode), r.body.RspCode);
        } else {
          const r = await untilAnswered(() =>
            fetch(`${server.origin}/api/webhooks/momo`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: q,
            })
          );
          assert.equal(r.status, expectBad ? 422 : 204);
        }
        if (expectBad) tampered++;
      };
      for (let k = 0; k < 2 + Math.floor(random() * 2); k++) sends.push(send(good, false));
      sends.push(send(bad, true));
    }
    // Stripe: completions 2–4 times each; partial refunds (before or after), each twice.
    for (const [i, tx] of usdTx.entries()) {
      const done = checkoutCompleted(`evt_bundle_done_${i}`, tx);
      for (let k = 0; k < 2 + Math.floor(random() * 3); k++) sends.push(() => stripe(done));
      if (PARTIAL.includes(i)) {
        const partial = refundEvent(`evt_bundle_partial_${i}`, tx, 700);
        sends.push(() => stripe(partial), () => stripe(partial));
      }
    }
    // Free claims: each buyer clicks "Get it free" twice at once.
    for (const b of buyers) {
      const claim = async () => {
        const r = await untilAnswered(() =>
          b.post("/api/payment/create", { listingId: freeListing.id })
        );
        assert.equal(r.status, 201, JSON.stringify(r.body));
      };
      sends.push(() => Promise.all([claim(), claim()]));
    }
    shuffle(sends, random);
    faults.armed = true;
    for (let i = 0; i < sends.length; i += 8) {
      await Promise.all(sends.slice(i, i + 8).map((s) => s()));
    }

    // After completion: an admin refunds one item of some bundles; Stripe then reports that
    // partial refund; whole bundles are refunded; all of it twice, shuffled.
    const later: (() => Promise<unknown>)[] = [];
    const ordersOf = async (b: Client) => (await b.get("/api/orders?limit=100")).body.items;
    for (const i of ITEM_REFUND) {
      const order = (await ordersOf(buyers[i])).find((o: any) => o.title === "Beta kit");
      assert.ok(order, "the bundle was delivered");
      const refund = () => untilAnswered(() => admin.post(`/api/admin/orders/${order.id}/refund`));
      later.push(refund, refund);
    }
    for (const i of FULL_REFUND) {
      const full = refundEvent(`evt_bundle_full_${i}`, usdTx[i], 5000);
      later.push(() => stripe(full), () => stripe(full));
    }
    shuffle(later, random);
    for (let i = 0; i < later.length; i += 4) {
      await Promise.all(later.slice(i, i + 4).map((s) => s()));
    }
    // Stripe's report of the item refunds (700 earlier + 1995 now), twice each.
    for (const i of ITEM_REFUND) {
      const both = refundEvent(`evt_bundle_item_${i}`, usdTx[i], 700 + 1995);
      await Promise.all([stripe(both), stripe(both)]);
    }
    faults.armed = false;
    console.log(
      `market money: ${sends.length + later.length} deliveries, ${faults.count} faults injected, ` +
        `${retries} redeliveries, ${tampered} tampered IPNs refused; seed ${seed}`,
    );
    assert.ok(faults.count > 0, "faults were injected");

    // Expected figures.
    const fee = (p: number) => Math.round(p * 0.1);
    const share = (p: number) => p - fee(p);
    const sellerBack = (p: number, r: number) => Math.floor((2 * share(p) * r + p) / (2 * p));
    const held = { s0: 0, s1: 0, s2: 0 };
    const sold = { s0: 0, s1: 0, s2: 0 };
    let winners = 0;
    for (const [i, b] of buyers.entries()) {
      const orders = await ordersOf(b);
      const usd = orders.filter((o: any) => o.currency === "usd" && o.price > 0);
      const vnd = orders.filter((o: any) => o.currency === "vnd");
      const free = orders.filter((o: any) => o.title === "Free kit");
      assert.equal(free.length, 1, "one free order per buyer");
      assert.equal(free[0].price, 0);
      assert.equal(vnd.length, 2, "the VND bundle is delivered once");
      if (i < CODE_TRIES && usd.length === 0) continue; // the code was used up: refunded
      assert.equal(usd.length, 3, "one order per bundled listing");
      const coded = i < CODE_TRIES;
      if (coded) winners++;
      const p0 = coded ? 1700 : 2000;
      const by = Object.fromEntries(usd.map((o: any) => [o.title, o]));
      assert.equal(by["Alpha kit"].price, p0);
      assert.equal(by["Alpha kit"].platformFee, fee(p0));
      assert.equal(by["Beta kit"].platformFee, fee(1995));
      if (FULL_REFUND.includes(i)) {
        assert.ok(usd.every((o: any) => o.status === "refunded"));
        continue;
      }
      held.s0 += share(p0) - (PARTIAL.includes(i) ? sellerBack(p0, 700) : 0);
      sold.s0++;
      if (!ITEM_REFUND.includes(i)) {
        held.s1 += share(1995);
        sold.s1++;
      } else assert.equal(by["Beta kit"].status, "refunded");
      held.s2 += share(1005);
      sold.s2++;
    }
    assert.equal(winners, CODE_USES, "the code was spent exactly as often as its limit");
    const codes = (await s0.seller.get("/api/seller/discounts")).body.items;
    assert.equal(codes[0].redemptions, CODE_USES);
    const heldOf = async (c: Client, cur = "usd") =>
      (await c.get("/api/sales")).body.balances?.find((b: any) => b.currency === cur)?.held ??
        (await c.get("/api/sales")).body.balance.held;
    assert.equal(await heldOf(s0.seller), held.s0, "seller 0");
    assert.equal(await heldOf(s1.seller), held.s1, "seller 1");
    assert.equal(await heldOf(s2.seller), held.s2, "seller 2");
    assert.equal(await heldOf(v0.seller, "vnd"), BUYERS * share(150000), "VND seller 0");
    assert.equal(await heldOf(v1.seller, "vnd"), BUYERS * share(99000), "VND seller 1");
    const soldCount = async (id: string) =>
      (await admin.get(`/api/marketplace/${id}`)).body.listing.soldCount;
    assert.equal(await soldCount(s0.listing.id), sold.s0);
    assert.equal(await soldCount(s1.listing.id), sold.s1);
    assert.equal(await soldCount(s2.listing.id), sold.s2);
    assert.equal(await soldCount(freeListing.id), BUYERS);
    assert.equal(await soldCount(v0.listing.id), BUYERS);
    assert.equal(await soldCount(v1.listing.id), BUYERS);
  } finally {
    faults.restore();
    await server.close();
  }
});

/** charge.refunded for a bundle's payment, with Stripe's cumulative amount refunded. */
function refundEvent(id: string, txId: string, amountRefunded: number) {
  return {
    id,
    type: "charge.refunded",
    data: {
      object: {
        id: `ch_${txId}`,
        object: "charge",
        payment_intent: `pi_${txId}`,
        amount: 5000,
        amount_refunded: amountRefunded,
        metadata: { transactionId: txId },
      },
    },
  };
}
