// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Stripe delivers events in any order, more than once: refunds before the completion, partial
// refunds that add up, disputes that hold and release the seller's share, and malformed payloads.
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

const charge = (
  eventId: string,
  transactionId: string,
  fields: { amount: number; amount_refunded: number; refunded: boolean },
) => ({
  id: eventId,
  object: "event",
  type: "charge.refunded",
  data: {
    object: {
      id: `ch_${transactionId}`,
      object: "charge",
      payment_intent: `pi_${transactionId}`,
      ...fields,
    },
  },
});

const dispute = (
  eventId: string,
  transactionId: string,
  type: "charge.dispute.created" | "charge.dispute.closed",
  fields: { id: string; amount: number; status: string },
) => ({
  id: eventId,
  object: "event",
  type,
  data: {
    object: {
      object: "dispute",
      charge: `ch_${transactionId}`,
      payment_intent: `pi_${transactionId}`,
      ...fields,
    },
  },
});

async function buy(server: any, listingId: string) {
  const buyer = server.client();
  await buyer.register();
  const { transactionId } = (await buyer.post("/api/payment/create", { listingId })).body;
  return { buyer, transactionId };
}

Deno.test("webhooks: a full refund that arrives before the completion means no delivery", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 4900);
    const { buyer, transactionId } = await buy(server, listing.id);
    const refund = charge("evt_early_refund", transactionId, {
      amount: 4900,
      amount_refunded: 4900,
      refunded: true,
    });
    assert.equal((await deliver(server, refund)).status, 200);
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_late_done", transactionId))).status,
      200,
    );
    assert.deepEqual((await buyer.get("/api/orders")).body.items, [], "nothing delivered");
    assert.deepEqual((await buyer.get("/api/pages")).body.items, [], "no copy");
    assert.equal((await seller.get("/api/sales")).body.balance.held, 0, "seller not credited");
    assert.equal((await buyer.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 0);
    const { kv, keys } = await import("../lib/kv/index.ts");
    const tx = (await kv().get<any>(keys.transaction(transactionId))).value;
    assert.equal(tx.status, "refunded");
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.orders, 0);
    assert.equal(stats.revenue, 0);
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: partial refunds reverse proportionally, add up, and ignore duplicates and reordering", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    // 1999: the platform keeps round(199.9) = 200, the seller 1799.
    const { seller, listing } = await approvedListing(server, admin, 1999);
    const { buyer, transactionId } = await buy(server, listing.id);
    assert.equal((await deliver(server, checkoutCompleted("evt_paid", transactionId))).status, 200);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 1799);

    const first = charge("evt_part_1", transactionId, {
      amount: 1999,
      amount_refunded: 1000,
      refunded: false,
    });
    assert.equal((await deliver(server, first)).status, 200);
    let [order] = (await buyer.get("/api/orders")).body.items;
    assert.equal(order.status, "delivered", "a partial refund leaves the order delivered");
    assert.equal(order.refundedAmount, 1000);
    // Seller's part of a refund = round(1799 × 1000 / 1999) = round(899.95) = 900; fee 100.
    assert.equal(order.refundedSellerAmount, 900);
    assert.equal(order.refundedFee, 100);
    assert.equal(order.refundNote, "Partly refunded: $10.00 of $19.99");
    const ordersPage = await buyer.get("/orders", { headers: { accept: "text/html" } });
    assert.match(ordersPage.text, /Partly refunded: \$10\.00 of \$19\.99/, "the order says so");
    assert.equal((await seller.get("/api/sales")).body.balance.held, 899);
    let stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.revenue, 999);
    assert.equal(stats.platformFees, 100);
    assert.equal(stats.orders, 1);

    // The same event again, and an older figure arriving late, change nothing.
    assert.equal((await deliver(server, first)).status, 200);
    const older = charge("evt_part_0", transactionId, {
      amount: 1999,
      amount_refunded: 500,
      refunded: false,
    });
    assert.equal((await deliver(server, older)).status, 200);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 899);

    // A second partial refund: 1500 in all → seller round(1799 × 1500 / 1999) = 1350.
    const second = charge("evt_part_2", transactionId, {
      amount: 1999,
      amount_refunded: 1500,
      refunded: false,
    });
    await Promise.all([deliver(server, second), deliver(server, second)]);
    [order] = (await buyer.get("/api/orders")).body.items;
    assert.equal(order.refundedAmount, 1500);
    assert.equal(order.refundedSellerAmount, 1350);
    assert.equal(order.refundedFee, 150);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 1799 - 1350);

    // The rest: the whole order is refunded and every figure is back to exactly zero.
    const rest = charge("evt_part_3", transactionId, {
      amount: 1999,
      amount_refunded: 1999,
      refunded: true,
    });
    assert.equal((await deliver(server, rest)).status, 200);
    [order] = (await buyer.get("/api/orders")).body.items;
    assert.equal(order.status, "refunded");
    assert.equal(order.refundedSellerAmount, 1799);
    assert.equal(order.refundedFee, 200);
    assert.deepEqual((await seller.get("/api/sales")).body.balance, {
      available: 0,
      held: 0,
      paidOut: 0,
      currency: "usd",
    });
    stats = (await admin.get("/api/dashboard/stats")).body;
    assert.deepEqual([stats.orders, stats.revenue, stats.platformFees], [0, 0, 0]);
    assert.equal((await buyer.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 0);
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: a partial refund before the completion is applied when the order is made", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 4900);
    const { buyer, transactionId } = await buy(server, listing.id);
    const early = charge("evt_early_part", transactionId, {
      amount: 4900,
      amount_refunded: 490,
      refunded: false,
    });
    assert.equal((await deliver(server, early)).status, 200);
    assert.equal((await deliver(server, checkoutCompleted("evt_done", transactionId))).status, 200);
    const [order] = (await buyer.get("/api/orders")).body.items;
    assert.equal(order.status, "delivered");
    assert.equal(order.refundedAmount, 490);
    // round(4410 × 490 / 4900) = 441 back from the seller, 49 from the fee.
    assert.equal((await seller.get("/api/sales")).body.balance.held, 4410 - 441);
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: a dispute holds the seller's share; won releases it, lost reverses it", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 1999);
    const { buyer, transactionId } = await buy(server, listing.id);
    assert.equal((await deliver(server, checkoutCompleted("evt_paid", transactionId))).status, 200);
    await eventually(async () => (await seller.get("/api/sales")).body.balance.available === 1799);

    const opened = dispute("evt_dp_open", transactionId, "charge.dispute.created", {
      id: "dp_1",
      amount: 1999,
      status: "needs_response",
    });
    assert.equal((await deliver(server, opened)).status, 200);
    let balance = (await seller.get("/api/sales")).body.balance;
    assert.deepEqual([balance.available, balance.held], [0, 1799], "held while disputed");
    await addPayoutDetails(seller);
    const payout = await seller.post("/api/payouts", { amount: 100 });
    assert.equal(payout.status, 409, "a disputed share cannot be paid out");

    const won = dispute("evt_dp_won", transactionId, "charge.dispute.closed", {
      id: "dp_1",
      amount: 1999,
      status: "won",
    });
    assert.equal((await deliver(server, won)).status, 200);
    // A late redelivery of the opening changes nothing once it is closed.
    assert.equal((await deliver(server, opened)).status, 200);
    balance = (await seller.get("/api/sales")).body.balance;
    assert.deepEqual([balance.available, balance.held], [1799, 0], "released after a win");

    // A second dispute, closed before its opening arrives, and lost: reversed like a refund.
    const lost = dispute("evt_dp2_lost", transactionId, "charge.dispute.closed", {
      id: "dp_2",
      amount: 1999,
      status: "lost",
    });
    assert.equal((await deliver(server, lost)).status, 200);
    assert.equal(
      (await deliver(
        server,
        dispute("evt_dp2_open", transactionId, "charge.dispute.created", {
          id: "dp_2",
          amount: 1999,
          status: "needs_response",
        }),
      )).status,
      200,
    );
    balance = (await seller.get("/api/sales")).body.balance;
    assert.deepEqual([balance.available, balance.held], [0, 0]);
    const [order] = (await buyer.get("/api/orders")).body.items;
    assert.equal(order.status, "refunded");
    assert.equal((await buyer.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount, 0);
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: a dispute on funds still held keeps them from release until it is won", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "7" });
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 4900);
    const { buyer, transactionId } = await buy(server, listing.id);
    assert.equal((await deliver(server, checkoutCompleted("evt_paid", transactionId))).status, 200);
    const opened = dispute("evt_open", transactionId, "charge.dispute.created", {
      id: "dp_9",
      amount: 4900,
      status: "warning_needs_response",
    });
    assert.equal((await deliver(server, opened)).status, 200);
    const [order] = (await buyer.get("/api/orders")).body.items;
    const refund = await admin.post(`/api/admin/orders/${order.id}/refund`);
    assert.equal(refund.status, 409, "a disputed payment is settled by the dispute");
    assert.equal(refund.body.error.code, "disputed");
    const lost = dispute("evt_lost", transactionId, "charge.dispute.closed", {
      id: "dp_9",
      amount: 4900,
      status: "lost",
    });
    assert.equal((await deliver(server, lost)).status, 200);
    assert.deepEqual((await seller.get("/api/sales")).body.balance, {
      available: 0,
      held: 0,
      paidOut: 0,
      currency: "usd",
    });
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: signed but malformed events are a 400, never a 500; future timestamps refused", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 4900);
    const { buyer, transactionId } = await buy(server, listing.id);
    const bad: Record<string, unknown>[] = [
      { id: "evt_null", type: "checkout.session.completed", data: { object: null } },
      { id: "evt_nodata", type: "checkout.session.completed" },
      { id: "evt_str", type: "charge.refunded", data: { object: "ch_1" } },
      { id: 12, type: "checkout.session.completed", data: { object: {} } },
      {
        id: "evt_num_tx",
        type: "checkout.session.completed",
        data: { object: { id: "cs_1", metadata: { transactionId: 42 } } },
      },
      {
        id: "evt_arr_tx",
        type: "checkout.session.completed",
        data: { object: { id: ["cs_1"], metadata: { transactionId: [transactionId] } } },
      },
      {
        id: "evt_obj_pi",
        type: "charge.refunded",
        data: { object: { id: "ch_1", payment_intent: { id: 5 }, amount_refunded: 1 } },
      },
      {
        id: "evt_bad_amount",
        type: "charge.refunded",
        data: {
          object: { id: "ch_1", payment_intent: `pi_${transactionId}`, amount_refunded: "9" },
        },
      },
      { id: "evt_dp_null", type: "charge.dispute.created", data: { object: null } },
      {
        id: "evt_long_tx",
        type: "checkout.session.completed",
        data: { object: { id: "cs_1", metadata: { transactionId: "ü".repeat(3000) } } },
      },
      {
        id: "evt_long_pi",
        type: "charge.refunded",
        data: { object: { id: "ch_1", payment_intent: "pi_".padEnd(3000, "x") } },
      },
      {
        id: "evt_dp_num",
        type: "charge.dispute.closed",
        data: { object: { id: 1, charge: 2, status: "lost" } },
      },
    ];
    for (const event of bad) {
      const res = await deliver(server, event);
      assert.equal(res.status, 400, `${JSON.stringify(event)} → ${res.status}`);
      assert.equal(res.body.error.code, "invalid_event");
    }
    // Signed for a time well in the future: refused like a stale one; a little clock skew passes.
    const done = checkoutCompleted("evt_future", transactionId);
    const future = await deliver(server, done, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    assert.equal(future.status, 400);
    assert.equal(future.body.error.code, "invalid_signature");
    assert.deepEqual((await buyer.get("/api/orders")).body.items, []);
    const skewed = await deliver(server, done, { timestamp: Math.floor(Date.now() / 1000) + 30 });
    assert.equal(skewed.status, 200);
    assert.equal((await buyer.get("/api/orders")).body.items.length, 1);
    void signedEvent;
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: completions, partial refunds and disputes racing in any order settle to the same figures", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 1999);
    let expectedHeld = 0;
    let expectedRevenue = 0;
    for (let i = 0; i < 8; i++) {
      const { transactionId } = await buy(server, listing.id);
      const refunded = [0, 1, 700, 1999][i % 4];
      const events: Record<string, unknown>[] = [checkoutCompleted(`evt_c${i}`, transactionId)];
      if (refunded) {
        const partial = charge(`evt_r${i}`, transactionId, {
          amount: 1999,
          amount_refunded: refunded,
          refunded: refunded === 1999,
        });
        // Half of them name only the transaction (metadata), not the payment intent.
        if (i % 2) {
          (partial.data.object as any).payment_intent = null;
          (partial.data.object as any).metadata = { transactionId };
        }
        events.push(partial, partial);
      }
      if (i === 5) {
        events.push(dispute(`evt_d${i}`, transactionId, "charge.dispute.created", {
          id: `dp_${i}`,
          amount: 1999,
          status: "needs_response",
        }));
      }
      // Every event twice, all at once, in a shuffled order.
      const burst = [...events, ...events].sort(() => Math.random() - 0.5);
      const replies = await Promise.all(burst.map((e) => deliver(server, e)));
      assert.ok(replies.every((r) => r.status === 200), JSON.stringify(replies));
      if (refunded < 1999) {
        expectedHeld += 1799 - Math.floor((2 * 1799 * refunded + 1999) / (2 * 1999));
        expectedRevenue += 1999 - refunded;
      }
    }
    const balance = (await seller.get("/api/sales")).body.balance;
    assert.equal(balance.held, expectedHeld);
    assert.equal(balance.available, 0);
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.revenue, expectedRevenue);
    assert.equal(stats.orders, 6, "two fully refunded payments never became orders that count");
  } finally {
    await server.close();
  }
});

Deno.test("webhooks: an order refunded before refunds were recorded by amount is not reversed twice", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await approvedListing(server, admin, 4900);
    const { buyer, transactionId } = await buy(server, listing.id);
    assert.equal((await deliver(server, checkoutCompleted("evt_paid", transactionId))).status, 200);
    // The record as the earlier code left a refunded order: no refund figures, balance reversed.
    const { kv, keys } = await import("../lib/kv/index.ts");
    const [order] = (await buyer.get("/api/orders")).body.items;
    const stored = (await kv().get<any>(keys.order(order.id))).value;
    for (const f of ["refundedAmount", "refundedFee", "refundedSellerAmount", "disputed"]) {
      delete stored[f];
    }
    const balance = (await kv().get<any>(keys.balance(stored.sellerId))).value;
    await kv().atomic()
      .set(keys.order(order.id), { ...stored, status: "refunded" })
      .set(keys.balance(stored.sellerId), { ...balance, held: 0 })
      .commit();
    const late = charge("evt_old_refund", transactionId, {
      amount: 4900,
      amount_refunded: 4900,
      refunded: true,
    });
    assert.equal((await deliver(server, late)).status, 200);
    assert.equal((await seller.get("/api/sales")).body.balance.held, 0);
  } finally {
    await server.close();
  }
});
