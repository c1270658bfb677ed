// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Payouts that can be trusted: a request without payout details is accepted but can't be paid, the
// details come back masked, an admin marks a payout paid with a reference (one email, one
// notification, one paidOut under parallel requests), and another seller's payout is a 404.
// The Stripe transfer job is in tests/payouts_stripe_test.ts.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { keys, kv } from "../lib/kv/index.ts";
import { listMail } from "../lib/mail/index.ts";
import { sellerWithBalance } from "./_payouts.ts";

const IBAN = "DE89370400440532013000";
const bank = {
  method: "bank",
  accountHolder: "Sam Seller",
  bankName: "Commerzbank",
  accountNumber: "DE89 3704 0044 0532 0130 00",
  bankCode: "COBADEFFXXX",
  country: "de",
};

const usd = async (c: Client) =>
  (await c.get("/api/sales")).body.balances.find((b: any) => b.currency === "usd");

Deno.test("payouts: details are required, validated and shown back masked", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const { seller, user: sellerUser } = await sellerWithBalance(server, 5000);
    assert.match((await seller.get("/sales")).text, /Add your payout details/);

    // The contract accepts a request from the available balance (201) even before the details
    // exist; the money is set aside, but no admin can mark it paid until the seller says where.
    const early = await seller.post("/api/payouts", { amount: 1000 });
    assert.equal(early.status, 201, early.text);
    assert.equal(early.body.payout.destination, undefined);
    assert.equal((await usd(seller)).available, 4000);
    const admin = await adminClient(server);
    const refused = await admin.post(`/api/admin/payouts/${early.body.payout.id}/paid`, {
      reference: "WIRE-EARLY-1",
    });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.error.code, "payout_details_required");
    assert.match((await seller.get("/sales")).text, /Add your payout details/);
    await kv().set(keys.balance(sellerUser.id, "usd"), {
      available: 5000,
      held: 0,
      paidOut: 0,
      currency: "usd",
    });

    assert.deepEqual((await seller.get("/api/payouts/details")).body, { details: null });
    for (
      const bad of [
        { ...bank, country: "Germany" },
        { ...bank, accountNumber: "12" },
        { ...bank, bankCode: "!!" },
        { method: "stripe", stripeAccountId: "cus_123456789" },
        { method: "paypal" },
      ]
    ) {
      assert.equal(
        (await seller.put("/api/payouts/details", bad)).status,
        422,
        JSON.stringify(bad),
      );
    }
    const saved = await seller.put("/api/payouts/details", bank);
    assert.equal(saved.status, 200);
    assert.deepEqual({ ...saved.body.details, updatedAt: undefined }, {
      method: "bank",
      accountHolder: "Sam Seller",
      bankName: "Commerzbank",
      accountNumberLast4: "3000",
      bankCode: "COBADEFFXXX",
      country: "DE",
      updatedAt: undefined,
    });
    assert.doesNotMatch(saved.text, /0532013000/);
    const account = await seller.get("/account");
    assert.match(account.text, /account ···3000/);
    assert.doesNotMatch(account.text, /0532013000/);
    assert.doesNotMatch((await seller.get("/api/account/export")).text, /0532013000/);

    const payout = await seller.post("/api/payouts", { amount: 1000 });
    assert.equal(payout.status, 201);
    assert.equal(payout.body.payout.destination, "Bank ···3000 (DE)");
    assert.equal(payout.body.payout.status, "requested");
    assert.equal((await usd(seller)).available, 4000);
    assert.doesNotMatch((await seller.get("/api/payouts")).text, /0532013000/);

    // The account page's form: a Stripe account replaces the bank, shown masked.
    const post = await seller.request("POST", "/account/payout-details", {
      body: new URLSearchParams({ method: "stripe", stripeAccountId: "acct_1AbCdEfGhIjK9876" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(post.status, 303);
    assert.match(post.headers.get("location")!, /payout=saved/);
    assert.match((await seller.get("/account")).text, /acct_···9876/);
    const badForm = await seller.request("POST", "/account/payout-details", {
      body: new URLSearchParams({ method: "stripe", stripeAccountId: "nope" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.match(badForm.headers.get("location")!, /payoutError=/);

    // A deleted account's bank details go with it.
    const { seller: leaving, user: gone } = await sellerWithBalance(server, 0);
    assert.equal((await leaving.put("/api/payouts/details", bank)).status, 200);
    const del = await leaving.request("DELETE", "/api/account", {
      json: { password: "password123" },
    });
    assert.equal(del.status, 204);
    assert.equal((await kv().get(["payout_details", gone.id])).value, null);
  } finally {
    await server.close();
  }
});

Deno.test("payouts: admin marks paid with a reference, once, under parallel requests", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, DEV_PAGES: "1" });
  try {
    const admin = await adminClient(server);
    const { seller, user } = await sellerWithBalance(server, 5000);
    assert.equal((await seller.put("/api/payouts/details", bank)).status, 200);
    const { payout } = (await seller.post("/api/payouts", { amount: 1234 })).body;

    // Another seller sees neither the payout nor can they have it paid.
    const { seller: other } = await sellerWithBalance(server, 100);
    assert.equal((await other.get(`/api/payouts/${payout.id}`)).status, 404);
    assert.equal((await seller.get(`/api/payouts/${payout.id}`)).status, 200);
    assert.equal((await other.post(`/api/admin/payouts/${payout.id}/paid`, {})).status, 403);

    // The console shows the full details to the admin who makes the transfer.
    const console = await admin.get("/admin/payouts");
    assert.match(console.text, new RegExp(IBAN));
    assert.match(console.text, /name="reference"/);

    const url = `/api/admin/payouts/${payout.id}/paid`;
    assert.equal((await admin.post(url, {})).status, 422, "a reference is required");
    assert.equal(
      (await admin.post("/api/admin/payouts/01JZZZZZZZZZZZZZZZZZZZZZZZ/paid", { reference: "X-1" }))
        .status,
      404,
    );
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => admin.post(url, { reference: "SEPA-2026-0001" })),
    );
    assert.deepEqual(replies.map((r) => r.status), Array(8).fill(200));
    const paidAts = new Set(replies.map((r) => r.body.payout.paidAt));
    assert.equal(paidAts.size, 1, "every reply is the same payout");
    assert.equal(replies[0].body.payout.reference, "SEPA-2026-0001");
    const again = await admin.post(url, { reference: "OTHER-REF" });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "already_paid");

    const bal = (await kv().get<any>(keys.balance(user.id, "usd"))).value;
    assert.deepEqual([bal.available, bal.paidOut], [5000 - 1234, 1234], "paid out exactly once");

    // One email to the seller, with the reference (read from the outbox behind the dev mailbox).
    const mails = (await listMail({ limit: 100 })).items.filter((m) =>
      m.tag === `payout:${payout.id}`
    );
    assert.equal(mails.length, 1);
    assert.equal(mails[0].to, user.email);
    assert.match(mails[0].text, /SEPA-2026-0001/);
    assert.match(mails[0].text, /\$12\.34/);
    assert.match(mails[0].html!, /Bank ···3000 \(DE\)/);
    const mailbox = await seller.get("/dev/mailbox", { headers: { accept: "text/html" } });
    assert.match(mailbox.text, /Your payout of \$12\.34 was sent/);
    // One notification.
    const notes = (await seller.get("/api/notifications")).body.items.filter((n: any) =>
      n.type === "payout_paid"
    );
    assert.equal(notes.length, 1);
    // The seller sees it paid with its reference.
    assert.match((await seller.get("/sales")).text, /ref SEPA-2026-0001/);

    // The console form: a second payout paid by form post.
    const second = (await seller.post("/api/payouts", { amount: 500 })).body.payout;
    const form = await admin.request("POST", `/admin/payouts/${second.id}/paid`, {
      body: new URLSearchParams({ reference: "SEPA-2026-0002" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 303);
    assert.match(form.headers.get("location")!, /done=paid/);
    assert.equal((await seller.get(`/api/payouts/${second.id}`)).body.payout.status, "paid");
    assert.equal((await usd(seller)).available, 5000 - 1234 - 500);
  } finally {
    await server.close();
  }
});

Deno.test("sales page: discount codes are listed with their uses and created by form", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const seller = server.client();
    await seller.register();
    const page = await seller.get("/sales");
    assert.match(page.text, /Discount codes/);
    assert.match(page.text, /No discount codes yet/);
    const post = (fields: Record<string, string>) =>
      seller.request("POST", "/sales/discounts", {
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const made = await post({
      code: "summer10",
      listingId: "",
      kind: "percent",
      value: "10",
      currency: "usd",
      maxRedemptions: "5",
      expiresAt: "2099-12-31",
    });
    assert.equal(made.status, 303);
    assert.match(made.headers.get("location")!, /done=discount/);
    const fixed = await post({ code: "TAKE250", kind: "amount", value: "2.50", currency: "usd" });
    assert.match(fixed.headers.get("location")!, /done=discount/);
    const dup = await post({ code: "SUMMER10", kind: "percent", value: "5", currency: "usd" });
    assert.match(decodeURIComponent(dup.headers.get("location")!), /error=.*SUMMER10/);
    const bad = await post({ code: "x", kind: "percent", value: "10", currency: "usd" });
    assert.match(bad.headers.get("location")!, /error=/);

    const codes = (await seller.get("/api/seller/discounts")).body.items;
    const byCode = Object.fromEntries(codes.map((d: any) => [d.code, d]));
    assert.deepEqual(Object.keys(byCode).sort(), ["SUMMER10", "TAKE250"]);
    assert.equal(byCode.SUMMER10.percentOff, 10);
    assert.equal(byCode.SUMMER10.maxRedemptions, 5);
    assert.equal(byCode.SUMMER10.expiresAt, "2099-12-31T23:59:59.000Z");
    assert.equal(byCode.TAKE250.amountOff, 250);
    assert.equal(byCode.TAKE250.currency, "usd");

    const shown = (await seller.get("/sales?done=discount")).text;
    assert.match(shown, /Discount code created/);
    assert.match(shown, /data-discount="SUMMER10"[\s\S]*?0 \/ 5 used/);
    assert.match(shown, /data-discount="TAKE250"[\s\S]*?0 \/ ∞ used/);
  } finally {
    await server.close();
  }
});
