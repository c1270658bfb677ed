// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Crash safety on a file-backed KV: the server process is killed (SIGKILL) in the middle of a
// stream of leads, chat messages and purchases, then started again on the same file. Every write
// the client saw acknowledged must be there afterwards, and the money must add up.
import assert from "node:assert/strict";
import { Client, eventually, hostRequest } from "../tests/_helpers.ts";
import { freePort, spawnServer } from "./_server.ts";
import { checkoutCompleted, signedEvent } from "../tests/_market.ts";

Deno.test({
  name:
    "restart: a server killed mid-run on a file KV loses no acknowledged order, lead or message",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const kvPath = `${dir}/landinghub.kv`;
    const port = freePort();
    let server = await spawnServer(kvPath, port);
    try {
      const origin = server.origin;
      const admin = new Client(origin);
      await admin.login("root@example.com", "rootpassword");
      const seller = new Client(origin);
      await seller.register("seller@example.com", "Sal");
      const page = (await seller.post("/api/pages", { name: "Crash Test" })).body.page;
      await seller.put(`/api/pages/${page.id}`, {
        version: page.version,
        content: {
          blocks: [{
            id: "form",
            type: "form",
            props: {
              fields: [{ name: "email", label: "Email", type: "email", required: true }],
              submitText: "Send",
              successMessage: "Thanks",
            },
          }],
        },
      });
      await seller.post(`/api/pages/${page.id}/publish`);
      const listing = (await seller.post("/api/marketplace", {
        pageId: page.id,
        title: "Crash kit",
        description: "Survives restarts.",
        category: "saas",
        price: 2000,
      })).body.listing;
      await admin.post(`/api/admin/marketplace/${listing.id}/approve`);
      const chatter = new Client(origin);
      await chatter.register();
      const room = (await chatter.post("/api/chat/rooms", { subject: "Hi", message: "Hello" }))
        .body.room;

      // Writers run until the server dies; only acknowledged writes are recorded.
      const acked = { leads: [] as string[], messages: [] as string[], purchases: [] as string[] };
      let stop = false;
      const leadWriter = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const email = `w${w}-${i}@example.com`;
          try {
            const res = await hostRequest(port, `${page.slug}.localhost:${port}`, "/forms/form", {
              method: "POST",
              body: JSON.stringify({ email }),
              headers: { "content-type": "application/json" },
            });
            if (res.status === 201) acked.leads.push(email);
          } catch { /* the server is gone */ }
        }
      };
      const chatWriter = async () => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await chatter.post(`/api/chat/rooms/${room.id}/messages`, {
              message: `note ${i}`,
            });
            if (res.status === 201) acked.messages.push(res.body.message.id);
          } catch { /* the server is gone */ }
        }
      };
      const buyerWriter = async () => {
        while (!stop) {
          try {
            const buyer = new Client(origin);
            await buyer.register();
            const tx = await buyer.post("/api/payment/create", { listingId: listing.id });
            const { payload, signature } = await signedEvent(
              checkoutCompleted(`evt_${tx.body.transactionId}`, tx.body.transactionId),
            );
            const res = await fetch(`${origin}/api/webhooks/stripe`, {
              method: "POST",
              headers: { "content-type": "application/json", "stripe-signature": signature },
              body: payload,
            });
            if (res.status === 200) acked.purchases.push(tx.body.transactionId);
            await res.body?.cancel();
          } catch { /* the server is gone */ }
        }
      };
      const writers = [
        ...[0, 1, 2, 3].map(leadWriter),
        chatWriter(),
        buyerWriter(),
        buyerWriter(),
      ];
      // Kill once every kind of write has been acknowledged at least once (a fixed 1.5 s saw no
      // purchase on a loaded CI machine), plus a moment so writes are in flight when it dies.
      await eventually(
        () => acked.leads.length > 0 && acked.messages.length > 0 && acked.purchases.length > 0,
        60_000,
      );
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill("SIGKILL");
      await server.child.status;
      stop = true;
      await Promise.all(writers);
      console.log(
        `restart: killed after ${acked.leads.length} leads, ${acked.messages.length} messages, ` +
          `${acked.purchases.length} purchases acknowledged`,
      );
      assert.ok(acked.leads.length > 0 && acked.messages.length > 0 && acked.purchases.length > 0);

      server = await spawnServer(kvPath, port);
      await seller.login("seller@example.com", "password123");
      const leads = (await seller.get(`/api/pages/${page.id}/leads?limit=100`)).body;
      const stored = new Set<string>();
      let cursor: string | null = null;
      let batch = leads;
      while (true) {
        for (const l of batch.items) stored.add(l.data.email);
        cursor = batch.cursor;
        if (!cursor) break;
        batch = (await seller.get(`/api/pages/${page.id}/leads?limit=100&cursor=${cursor}`)).body;
      }
      const lostLeads = acked.leads.filter((e) => !stored.has(e));
      assert.deepEqual(lostLeads, [], "no acknowledged lead lost");

      const seen = new Set<string>();
      for (let after = "0"; after;) {
        const page =
          (await admin.get(`/api/chat/rooms/${room.id}/messages?after=${after}&limit=100`))
            .body.items;
        for (const m of page) seen.add(m.id);
        after = page.at(-1)?.id;
      }
      assert.deepEqual(acked.messages.filter((id) => !seen.has(id)), [], "no message lost");

      const orders = await admin.all("/api/admin/orders");
      const ordered = new Set(orders.map((o: any) => o.transactionId));
      assert.deepEqual(acked.purchases.filter((t) => !ordered.has(t)), [], "no order lost");
      const { balance } = (await seller.get("/api/sales")).body;
      assert.equal(balance.held, orders.length * 1800, "90% of every order, held");
      assert.equal(
        (await admin.get(`/api/marketplace/${listing.id}`)).body.listing.soldCount,
        orders.length,
      );
    } finally {
      // After a failure between the kill and the restart the child is already gone; killing it
      // again would throw and hide that failure.
      try {
        server.child.kill("SIGKILL");
      } catch { /* already exited */ }
      await server.child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
