// deno-lint-ignore-file no-explicit-any -- JSON replies are loosely typed
// Data rights through the admin console: an admin exports a user's data and deletes their
// account (API and console form), each recorded in the audit log; a seller with money available
// is only deleted once the admin has seen the amount and confirmed.
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

Deno.test("admins export and delete a user's account, audited, with the balance warning", async (t) => {
  // Sales are released at once, so the seller has an available balance.
  const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
  try {
    const admin = await adminClient(server);
    const adminId = (await admin.get("/api/auth/me")).body.user.id;
    const { seller, sellerUser, listing } = await approvedListing(server, admin, 2500, "Kit");
    const buyer = server.client();
    const buyerEmail = `buyer${crypto.randomUUID().slice(0, 6)}@example.com`;
    const buyerUser = await buyer.register(buyerEmail, "Bea Buyer");
    const pay = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.equal(pay.status, 201, pay.text);
    const paid = await deliver(server, checkoutCompleted("evt_admin_acct", pay.body.transactionId));
    assert.equal(paid.status, 200);
    await eventually(async () =>
      (await seller.get("/api/account/export")).body.balance.available > 0
    );
    for (const [who, msg] of [[buyer, "buyer question"], [seller, "seller question"]] as const) {
      const room = await who.post("/api/chat/rooms", { subject: "Help", message: msg });
      assert.equal(room.status, 201, room.text);
    }
    const audit = async (action: string, target: string) =>
      (await admin.all("/api/admin/audit")).filter((a: any) =>
        a.action === action && a.target === `user:${target}`
      );

    await t.step("only admins reach the export and the deletion", async () => {
      assert.equal((await buyer.get(`/api/admin/users/${sellerUser.id}/export`)).status, 403);
      assert.equal((await buyer.delete(`/api/admin/users/${sellerUser.id}`)).status, 403);
      assert.equal((await admin.get("/api/admin/users/01NOSUCHUSER/export")).status, 404);
      assert.equal((await admin.delete("/api/admin/users/01NOSUCHUSER")).status, 404);
    });

    await t.step("the admin's export of the buyer is the buyer's own, and audited", async () => {
      const res = await admin.get(`/api/admin/users/${buyerUser.id}/export`);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get("content-disposition") ?? "", /attachment/);
      assert.equal(res.body.profile.email, buyerEmail);
      assert.equal(res.body.orders.asBuyer.length, 1);
      assert.ok(res.text.includes("buyer question"));
      assert.ok(!res.text.includes("seller question"), "the seller's chat");
      assert.ok(!res.text.includes(sellerUser.email), "the seller's email");
      const entries = await audit("user.export", buyerUser.id);
      assert.equal(entries.length, 1);
      assert.equal(entries[0].actorId, adminId);
    });

    await t.step(
      "the seller's page warns about the balance and the form needs a tick",
      async () => {
        const page = await admin.get(`/admin/users/${sellerUser.id}`);
        assert.equal(page.status, 200);
        assert.ok(page.text.includes('data-testid="balance-warning"'), "the warning");
        assert.match(page.text, /\$25\.00|\$2[0-9]\.[0-9]{2}/, "the amount");
        assert.ok(page.text.includes('name="confirmBalance"'));
        assert.ok(page.text.includes(`href="/api/admin/users/${sellerUser.id}/export"`));
        // Posting without the tick goes back with the reason; nothing is deleted.
        const res = await admin.request("POST", `/admin/users/${sellerUser.id}/delete`, {
          body: new URLSearchParams({}),
        });
        assert.equal(res.status, 303, res.text);
        const to = res.headers.get("location") ?? "";
        assert.ok(to.startsWith(`/admin/users/${sellerUser.id}?error=`), to);
        assert.match(decodeURIComponent(to), /available/);
        assert.equal((await seller.get("/api/pages")).status, 200);
      },
    );

    await t.step("the API refuses with 409 and the amount until confirmed", async () => {
      const res = await admin.delete(`/api/admin/users/${sellerUser.id}`);
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.error.code, "balance_available");
      assert.match(res.body.error.message, /\$/);
      assert.equal((await seller.get("/api/pages")).status, 200, "still signed in");
      assert.equal((await audit("user.delete", sellerUser.id)).length, 0);
    });

    await t.step("admins themselves are refused", async () => {
      const self = await admin.delete(`/api/admin/users/${adminId}`);
      assert.equal(self.status, 409);
      assert.equal(self.body.error.code, "self_delete");
      const bad = await admin.request("DELETE", `/api/admin/users/${sellerUser.id}`, {
        json: { confirmBalance: "yes" },
      });
      assert.equal(bad.status, 422, bad.text);
    });

    await t.step("confirmed: the seller is gone at once, the amount is in the audit", async () => {
      const res = await admin.request("DELETE", `/api/admin/users/${sellerUser.id}`, {
        json: { confirmBalance: true },
      });
      assert.equal(res.status, 204, res.text);
      assert.equal((await seller.get("/api/pages")).status, 401);
      const login = await server.client().post("/api/auth/login", {
        email: sellerUser.email,
        password: "password123",
      });
      assert.equal(login.status, 401);
      const [entry] = await audit("user.delete", sellerUser.id);
      assert.ok(entry, "an audit entry");
      assert.equal(entry.actorId, adminId);
      assert.deepEqual(entry.after, { deleted: true });
      assert.match(entry.before.availableBalance, /\$2[0-9]\.[0-9]{2}/);
      assert.ok(!JSON.stringify(entry).includes(sellerUser.email), "no email kept in the audit");
      // The console's audit log shows it readably: the amount, and the user as "Deleted user".
      const log = (await admin.get("/admin/audit")).text;
      assert.ok(log.includes('data-action="user.delete"'));
      assert.match(log, /\$2[0-9]\.[0-9]{2}/);
      assert.ok(!log.includes("[object Object]"));
      // The buyer's order stays; deleting twice is a clear conflict.
      assert.equal((await buyer.get("/api/orders")).body.items.length, 1);
      const again = await admin.delete(`/api/admin/users/${sellerUser.id}`);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, "already_deleted");
    });

    await t.step("the console form deletes a user without a balance in one confirm", async () => {
      const page = await admin.get(`/admin/users/${buyerUser.id}`);
      assert.ok(!page.text.includes('data-testid="balance-warning"'));
      const res = await admin.request("POST", `/admin/users/${buyerUser.id}/delete`, {
        body: new URLSearchParams({}),
      });
      assert.equal(res.status, 303, res.text);
      assert.equal(res.headers.get("location"), "/admin/users?done=deleted");
      assert.equal((await buyer.get("/api/pages")).status, 401);
      assert.equal((await audit("user.delete", buyerUser.id)).length, 1);
    });
  } finally {
    await server.close();
  }
});
