// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Payouts to a Stripe Connect account: with STRIPE_SECRET_KEY the payout is a Stripe transfer made
// by a queued job, here against a fake Stripe API on loopback (STRIPE_API_BASE). A success marks
// the payout paid with the transfer id; a 500 is retried (same idempotency key); a payout whose
// transfers keep failing ends failed with its amount back in the available balance, exactly once.
import assert from "node:assert/strict";
import { eventually, jobsSettled, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { keys, kv } from "../lib/kv/index.ts";
import { listMail } from "../lib/mail/index.ts";
import { sellerWithBalance } from "./_payouts.ts";
import { TRANSFER_ATTEMPTS } from "../lib/payments/index.ts";

interface Seen {
  auth: string | null;
  idempotencyKey: string | null;
  form: Record<string, string>;
}

/**
 * A fake /v1/transfers: `acct_good…` succeeds, `acct_flaky…` fails once, `acct_down…` always
 * (500), `acct_bad…` is refused (400).
 */
function fakeStripe() {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (req.method !== "POST" || url.pathname !== "/v1/transfers") {
      return new Response("not found", { status: 404 });
    }
    const form = Object.fromEntries(new URLSearchParams(await req.text()));
    seen.push({
      auth: req.headers.get("authorization"),
      idempotencyKey: req.headers.get("idempotency-key"),
      form,
    });
    const tries = seen.filter((s) => s.form.destination === form.destination).length;
    const fail = form.destination.startsWith("acct_down") ||
      (form.destination.startsWith("acct_flaky") && tries === 1);
    if (form.destination.startsWith("acct_bad")) {
      return Response.json({
        error: { type: "invalid_request_error", message: "No such destination" },
      }, {
        status: 400,
      });
    }
    if (fail) {
      return Response.json({ error: { type: "api_error", message: "Temporary" } }, {
        status: 500,
      });
    }
    return Response.json({
      id: `tr_${form["metadata[payoutId]"]}`,
      object: "transfer",
      amount: Number(form.amount),
      currency: form.currency,
      destination: form.destination,
    });
  });
  return { seen, server, base: `http://127.0.0.1:${server.addr.port}` };
}

Deno.test("payouts: Stripe transfers by a queued job, retried, failed back to the balance once", async () => {
  const fake = fakeStripe();
  const server = await startTestServer({
    ...ADMIN_ENV,
    STRIPE_SECRET_KEY: "sk_test_payouts",
    STRIPE_WEBHOOK_SECRET: "whsec_payouts_test",
    STRIPE_API_BASE: fake.base,
    PAYOUT_RETRY_MS: "40",
  });
  try {
    const admin = await adminClient(server);
    const seller = async (account: string, available: number) => {
      const s = await sellerWithBalance(server, available);
      const put = await s.seller.put("/api/payouts/details", {
        method: "stripe",
        stripeAccountId: account,
      });
      assert.equal(put.status, 200);
      return s;
    };
    const balance = async (userId: string) =>
      (await kv().get<any>(keys.balance(userId, "usd"))).value;

    const good = await seller("acct_good0000000001", 3000);
    const flaky = await seller("acct_flaky000000001", 3000);
    const down = await seller("acct_down0000000001", 3000);
    const [p1, p2, p3] = await Promise.all(
      [good, flaky, down].map(async (s) =>
        (await s.seller.post("/api/payouts", { amount: 2500 })).body.payout
      ),
    );
    assert.equal(p1.destination, "Stripe acct_···0001");
    const settled = (s: typeof good, id: string) =>
      eventually(async () => {
        const p = (await s.seller.get(`/api/payouts/${id}`)).body.payout;
        return p.status !== "requested" ? p : null;
      }, 8000);

    // Success: paid with the transfer id as its reference, the seller emailed.
    const paid = await settled(good, p1.id);
    assert.equal(paid.status, "paid");
    assert.equal(paid.reference, `tr_${p1.id}`);
    const first = fake.seen.find((s) => s.form.destination === "acct_good0000000001")!;
    assert.equal(first.auth, "Bearer sk_test_payouts");
    assert.equal(first.idempotencyKey, `payout-${p1.id}`);
    assert.deepEqual(
      [first.form.amount, first.form.currency, first.form.transfer_group],
      ["2500", "usd", p1.id],
    );
    assert.deepEqual(
      [(await balance(good.user.id)).available, (await balance(good.user.id)).paidOut],
      [500, 2500],
    );
    await eventually(async () =>
      (await listMail({ limit: 100 })).items.some((m) =>
        m.tag === `payout:${p1.id}` && m.text.includes(`tr_${p1.id}`)
      )
    );
    // An admin cannot mark a Stripe-paid payout by hand.
    const hand = await admin.post(`/api/admin/payouts/${p1.id}/paid`, { reference: "BANK-9" });
    assert.equal(hand.status, 409);

    // A 500 is retried with the same idempotency key, then paid.
    const retried = await settled(flaky, p2.id);
    assert.equal(retried.status, "paid");
    assert.equal(retried.transfer.attempts, 2);
    const flakyCalls = fake.seen.filter((s) => s.form.destination === "acct_flaky000000001");
    assert.deepEqual(flakyCalls.map((s) => s.idempotencyKey), [
      `payout-${p2.id}`,
      `payout-${p2.id}`,
    ]);
    assert.equal((await balance(flaky.user.id)).paidOut, 2500);

    // Always 500: failed after the last attempt, the 2500 back in `available` once.
    const failed = await settled(down, p3.id);
    assert.equal(failed.status, "failed");
    assert.equal(failed.transfer.attempts, TRANSFER_ATTEMPTS);
    assert.match(failed.transfer.lastError, /Stripe 500/);
    // Every transfer job (retries included) has run: no further attempt, no second refund.
    await jobsSettled({ type: "payout.transfer" });
    const downCalls = fake.seen.filter((s) => s.form.destination === "acct_down0000000001");
    assert.equal(downCalls.length, TRANSFER_ATTEMPTS);
    assert.deepEqual(
      [(await balance(down.user.id)).available, (await balance(down.user.id)).paidOut],
      [3000, 0],
    );
    const notes = (await down.seller.get("/api/notifications")).body.items;
    assert.equal(notes.filter((n: any) => n.type === "payout_failed").length, 1);
    const late = await admin.post(`/api/admin/payouts/${p3.id}/paid`, { reference: "BANK-10" });
    assert.equal(late.status, 409);

    // A refusal that no retry can change (no such account) fails at the first attempt.
    const bad = await seller("acct_bad00000000001", 1000);
    const p4 = (await bad.seller.post("/api/payouts", { amount: 1000 })).body.payout;
    const refused = await settled(bad, p4.id);
    assert.equal(refused.status, "failed");
    assert.equal(refused.transfer.attempts, 1);
    assert.match(refused.transfer.lastError, /No such destination/);
    assert.equal((await balance(bad.user.id)).available, 1000);
  } finally {
    await server.close();
    await fake.server.shutdown();
  }
});
