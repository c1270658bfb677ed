// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// 1,000 signed Stripe events with duplicates, reordering, bursts of 20 concurrent deliveries of
// one event, partial refunds arriving before and after their completion, forged events, and
// injected faults (a KV commit that throws midway, retried the way
// Stripe retries: redelivery after a non-2xx). Every figure must equal the expected total.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "../tests/_helpers.ts";
import {
  ADMIN_ENV,
  adminClient,
  approvedListing,
  checkoutCompleted,
  signedEvent,
} from "../tests/_market.ts";
import { mulberry32, shuffle } from "../tests/_random.ts";
import { injectCommitFaults } from "./_faults.ts";

const SELLERS = 8;
const BUYERS = 25;
const REFUNDS = 40;
const PARTIALS = 40;
const COMMIT_FAULT_RATE = 0.05;

Deno.test("webhooks under stress: duplicates, reordering, concurrency, forgeries and faults", async () => {
  const seed = Number(Deno.env.get("STRESS_SEED") ?? 20261125);
  const random = mulberry32(seed);
  const server = await startTestServer({ ...ADMIN_ENV, SCRYPT_LOG_N: "4" });
  // While armed, a share of KV commits throw before reaching the store (stress/_faults.ts).
  const faults = injectCommitFaults(random, COMMIT_FAULT_RATE);
  const figures = { delivered: 0, forged: 0, retriesAfter5xx: 0, concurrentBursts: 0 };
  /** Deliver like Stripe: retry after a 5xx until acknowledged. */
  async function deliver(event: Record<string, unknown>) {
    const { payload, signature } = await signedEvent(event);
    for (let attempt = 0; attempt < 20; attempt++) {
      figures.delivered++;
      const res = await fetch(`${server.origin}/api/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      await res.body?.cancel();
      if (res.status < 500) return res.status;
      figures.retriesAfter5xx++;
    }
    throw new Error(`event ${event.id} never acknowledged`);
  }
  try {
    const admin = await adminClient(server);
    const listings: Awaited<ReturnType<typeof approvedListing>>[] = [];
    for (let i = 0; i < SELLERS; i++) {
      listings.push(await approvedListing(server, admin, 1000 + 137 * i, `Kit ${i}`));
    }
    const buyers: Client[] = [];
    for (let i = 0; i < BUYERS; i++) {
      const b = server.client();
      await b.register();
      buyers.push(b);
    }
    // Every buyer buys every listing: 200 purchases.
    const purchases: { txId: string; listing: any; buyer: Client }[] = [];
    for (const buyer of buyers) {
      for (const l of listings) {
        const res = await buyer.post("/api/payment/create", { listingId: l.listing.id });
        assert.equal(res.status, 201, res.text);
        purchases.push({ txId: res.body.transactionId, listing: l.listing, buyer });
      }
    }

    // Which purchases get fully refunded (after completion) and which partly (two cumulative
    // partial refunds, delivered twice each, shuffled among the completions: some before them).
    const picked = shuffle([...purchases.keys()], random);
    const refunded = new Set(picked.slice(0, REFUNDS));
    const partial = new Map(
      picked.slice(REFUNDS, REFUNDS + PARTIALS).map((i) => {
        const price = purchases[i].listing.price;
        const first = Math.floor(price * 0.3) + (i % 7);
        return [i, [first, first + Math.floor(price * 0.2)]];
      }),
    );
    const partialEvents = [...partial].flatMap(([i, amounts]) =>
      amounts.map((amountRefunded, step) => ({
        id: `evt_partial_${i}_${step}`,
        type: "charge.refunded",
        data: {
          object: {
            id: `ch_${i}`,
            object: "charge",
            payment_intent: `pi_${purchases[i].txId}`,
            amount: purchases[i].listing.price,
            amount_refunded: amountRefunded,
            refunded: false,
          },
        },
      }))
    );

    // Completions: each event delivered 2–6 times, shuffled; some as a burst of 20 at once.
    const completions = purchases.map((p, i) => checkoutCompleted(`evt_done_${i}`, p.txId));
    const deliveries = completions.flatMap((e) => Array(2 + Math.floor(random() * 5)).fill(e));
    deliveries.push(...partialEvents, ...partialEvents);
    shuffle(deliveries, random);
    const forged = await forgeries(completions[0]);
    faults.armed = true;
    for (let i = 0; i < deliveries.length; i += 10) {
      const batch = deliveries.slice(i, i + 10);
      const statuses = await Promise.all(batch.map(deliver));
      assert.ok(statuses.every((s) => s === 200), `acknowledged: ${statuses}`);
      if (i % 100 === 0) {
        figures.concurrentBursts++;
        const burst = await Promise.all(Array(20).fill(batch[0]).map(deliver));
        assert.ok(burst.every((s) => s === 200));
      }
      if (i % 50 === 0 && forged.length) {
        const { payload, headers } = forged.pop()!;
        const res = await fetch(`${server.origin}/api/webhooks/stripe`, {
          method: "POST",
          headers,
          body: payload,
        });
        assert.equal((await res.json()).error.code, "invalid_signature");
        assert.equal(res.status, 400);
        figures.forged++;
      }
    }

    // Refunds of 40 orders by charge.refunded, each delivered twice, shuffled.
    const refunds = [...refunded].map((i) => ({
      id: `evt_refund_${i}`,
      type: "charge.refunded",
      data: {
        object: { id: `ch_${i}`, object: "charge", payment_intent: `pi_${purchases[i].txId}` },
      },
    }));
    const refundDeliveries = shuffle([...refunds, ...refunds], random);
    for (let i = 0; i < refundDeliveries.length; i += 10) {
      await Promise.all(refundDeliveries.slice(i, i + 10).map(deliver));
    }
    faults.armed = false;
    const events = deliveries.length + figures.concurrentBursts * 20 + refundDeliveries.length +
      figures.forged;
    console.log(
      `webhooks: ${events} events (${completions.length} purchases, ${REFUNDS} refunds, ` +
        `${PARTIALS} partly refunded twice), ` +
        `${figures.forged} forged, ${faults.count} faults injected, ${figures.retriesAfter5xx} ` +
        `redeliveries after 5xx, ${figures.concurrentBursts} bursts of 20; seed ${seed}`,
    );
    assert.ok(events >= 1000, `${events} events`);
    assert.ok(faults.count > 0, "faults were injected");

    // Every figure equals the expected total. A partial refund R of price P takes
    // round-half-up(S × R / P) from the seller's share S and the rest from the fee.
    const kept = purchases.filter((_, i) => !refunded.has(i));
    const fee = (price: number) => Math.round(price * 0.1);
    const refundOf = (p: (typeof purchases)[number]) => {
      const amounts = partial.get(purchases.indexOf(p));
      const total = amounts ? amounts[amounts.length - 1] : 0;
      const share = p.listing.price - fee(p.listing.price);
      const seller = Math.floor((2 * share * total + p.listing.price) / (2 * p.listing.price));
      return { total, seller, fee: total - seller };
    };
    const orders = await admin.all("/api/admin/orders");
    assert.equal(orders.length, purchases.length, "one order per purchase");
    assert.equal(orders.filter((o: any) => o.status === "delivered").length, kept.length);
    assert.equal(orders.filter((o: any) => o.status === "refunded").length, REFUNDS);
    for (const l of listings) {
      const keptHere = kept.filter((p) => p.listing.id === l.listing.id);
      const { listing } = (await admin.get(`/api/marketplace/${l.listing.id}`)).body;
      assert.equal(listing.soldCount, keptHere.length, "soldCount");
      const { balance } = (await l.seller.get("/api/sales")).body;
      const expectedHeld = keptHere.reduce(
        (s, p) => s + p.listing.price - fee(p.listing.price) - refundOf(p).seller,
        0,
      );
      assert.deepEqual(
        { held: balance.held, available: balance.available },
        { held: expectedHeld, available: 0 },
        "seller balance",
      );
    }
    for (const buyer of buyers) {
      const mine = await buyer.all("/api/orders");
      assert.equal(mine.length, SELLERS, "one order per listing bought");
      const pages = (await buyer.get("/api/pages?limit=100")).body.items;
      assert.equal(pages.length, SELLERS, "one copy per purchase, kept after a refund");
    }
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.orders, kept.length);
    assert.equal(stats.revenue, kept.reduce((s, p) => s + p.listing.price - refundOf(p).total, 0));
    assert.equal(
      stats.platformFees,
      kept.reduce((s, p) => s + fee(p.listing.price) - refundOf(p).fee, 0),
    );
  } finally {
    faults.restore();
    await server.close();
  }
});

/** Events that must all be refused: bad signature, unsigned, stale, future, another secret. */
async function forgeries(event: Record<string, unknown>) {
  const good = await signedEvent(event);
  const tampered = JSON.stringify({ ...event, id: "evt_tampered" });
  const stale = await signedEvent(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
  const other = await signedEvent(event, { secret: "whsec_someone_else" });
  const future = await signedEvent(event, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
  const json = { "content-type": "application/json" };
  return [
    { payload: tampered, headers: { ...json, "stripe-signature": good.signature } },
    { payload: good.payload, headers: json },
    { payload: stale.payload, headers: { ...json, "stripe-signature": stale.signature } },
    { payload: other.payload, headers: { ...json, "stripe-signature": other.signature } },
    { payload: future.payload, headers: { ...json, "stripe-signature": future.signature } },
    { payload: good.payload, headers: { ...json, "stripe-signature": "t=1,v1=deadbeef" } },
  ];
}
