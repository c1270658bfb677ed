// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Every list route pages by `?limit=` (default 20, max 100) and `?cursor=`: `{ items, cursor }`,
// a cursor walk sees every item once and in order, a bad cursor is a 400 with the error envelope,
// and an unknown filter value is a 422.
import assert from "node:assert/strict";
import { type Client, eventually, startTestServer, type TestServer } from "./_helpers.ts";
import { addPayoutDetails, ADMIN_ENV, adminClient, checkoutCompleted, deliver } from "./_market.ts";

/** A published page of `seller` listed at `price`, approved by `admin` unless `pending`. */
async function listing(seller: Client, admin: Client, title: string, pending = false) {
  const page = (await seller.post("/api/pages", { name: title })).body.page;
  await seller.put(`/api/pages/${page.id}`, {
    version: 1,
    content: { blocks: [{ id: "h", type: "hero", props: { headline: title } }] },
  });
  assert.equal((await seller.post(`/api/pages/${page.id}/publish`)).status, 200);
  const created = await seller.post("/api/marketplace", {
    pageId: page.id,
    title,
    description: "A landing page for paging tests.",
    category: "saas",
    price: 1000,
  });
  assert.equal(created.status, 201, created.text);
  if (pending) return created.body.listing;
  const approved = await admin.post(`/api/admin/marketplace/${created.body.listing.id}/approve`);
  assert.equal(approved.status, 200);
  return created.body.listing;
}

let events = 0;
async function buy(server: TestServer, buyer: Client, listingId: string) {
  const pay = await buyer.post("/api/payment/create", { listingId });
  assert.equal(pay.status, 201, pay.text);
  const res = await deliver(
    server,
    checkoutCompleted(`evt_lists_${events++}`, pay.body.transactionId),
  );
  assert.equal(res.status, 200);
}

/** Walk a list by its cursors with `limit`, checking each page; returns every item's id in order. */
async function walk(client: Client, path: string, limit: number) {
  const sep = path.includes("?") ? "&" : "?";
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const url: string = `${path}${sep}limit=${limit}` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const res = await client.get(url);
    assert.equal(res.status, 200, `${url}: ${res.text}`);
    assert.ok(Array.isArray(res.body.items), `${url}: items`);
    assert.ok("cursor" in res.body, `${url}: a cursor key`);
    assert.ok(res.body.items.length <= limit, `${url}: at most ${limit} items`);
    ids.push(...res.body.items.map((x: { id: string }) => x.id));
    cursor = res.body.cursor;
    if (cursor === null) return ids;
    assert.equal(typeof cursor, "string");
    assert.equal(res.body.items.length, limit, `${url}: a page before the last is full`);
  }
  throw new Error(`${path}: the cursor walk does not end`);
}

Deno.test({
  name: "lists: every list route pages by limit and cursor",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const server = await startTestServer({ ...ADMIN_ENV, REFUND_WINDOW_DAYS: "0" });
    try {
      const admin = await adminClient(server);
      const seller = server.client();
      await seller.register("lists-seller@example.com", "Sally");
      const listings: { id: string }[] = [];
      for (let i = 0; i < 5; i++) listings.push(await listing(seller, admin, `Template ${i}`));
      // A pending one, so the status filter has something to leave out.
      await listing(seller, admin, "Pending template", true);

      // Five buyers buy and review the first listing; the first buyer buys every listing.
      const buyers: Client[] = [];
      for (let i = 0; i < 5; i++) {
        const b = server.client();
        await b.register(`lists-buyer${i}@example.com`, `Buyer ${i}`);
        await buy(server, b, listings[0].id);
        const review = await b.post(`/api/marketplace/${listings[0].id}/reviews`, {
          rating: 1 + i,
          comment: `Review number ${i}`,
        });
        assert.equal(review.status, 201, review.text);
        buyers.push(b);
      }
      for (const l of listings.slice(1)) await buy(server, buyers[0], l.id);

      // Funds are released at once (REFUND_WINDOW_DAYS=0), then paid out in five requests.
      await eventually(async () =>
        (await seller.get("/api/sales")).body.balance.available >= 9 * 900
      );
      await addPayoutDetails(seller);
      for (let i = 0; i < 5; i++) {
        assert.equal((await seller.post("/api/payouts", { amount: 100 + i })).status, 201);
      }
      // 25 FAQ entries in three categories, so the default limit of 20 shows.
      for (let i = 0; i < 25; i++) {
        const res = await admin.post("/api/admin/faqs", {
          question: `Question number ${String(i).padStart(2, "0")}?`,
          answer: "An answer long enough.",
          category: ["billing", "pages", "account"][i % 3],
          tags: [],
        });
        assert.equal(res.status, 201, res.text);
      }

      // Six support rooms, walked once the assistant has answered each (a room's status may
      // change with that answer; two ask for a person).
      const opened: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await buyers[1].post("/api/chat/rooms", {
          subject: `Room ${i}`,
          message: i < 2 ? "I want to talk to a human please" : `How do I publish a page? (${i})`,
        });
        assert.equal(res.status, 201, res.text);
        opened.push(res.body.room.id);
      }
      for (const id of opened) {
        await eventually(
          async () =>
            (await buyers[1].get(`/api/chat/rooms/${id}/messages`)).body.items
              .some((m: { senderType: string }) => m.senderType !== "user"),
          10_000,
        );
      }
      const waiting = (await admin.get("/api/chat/rooms?status=waiting_admin&limit=100")).body
        .items.length;
      assert.ok(waiting >= 2, `${waiting} rooms wait for a person`);

      const routes: [string, Client, number][] = [
        ["/api/chat/rooms", buyers[1], 6],
        ["/api/chat/rooms", admin, 6],
        ["/api/chat/rooms?status=waiting_admin", admin, waiting],
        ["/api/orders", buyers[0], 5],
        ["/api/sales", seller, 9],
        ["/api/payouts", seller, 5],
        ["/api/notifications", seller, 9],
        [`/api/marketplace/${listings[0].id}/reviews`, buyers[1], 5],
        ["/api/faqs", server.client(), 25],
        ["/api/admin/orders", admin, 9],
        ["/api/admin/marketplace", admin, 6],
        ["/api/admin/marketplace?status=approved", admin, 5],
        ["/api/admin/marketplace?status=pending", admin, 1],
        ["/api/admin/users", admin, 7],
        ["/api/admin/users?role=user", admin, 6],
        ["/api/admin/users?q=lists-buyer", admin, 5],
        ["/api/admin/payouts", admin, 5],
        ["/api/pages", seller, 6],
      ];

      await t.step("a cursor walk sees every item once, in the full list's order", async () => {
        for (const [path, client, count] of routes) {
          const sep = path.includes("?") ? "&" : "?";
          const all = await client.get(`${path}${sep}limit=100`);
          assert.equal(all.status, 200, `${path}: ${all.text}`);
          assert.equal(all.body.cursor, null, `${path}: everything fits in 100`);
          const ids = all.body.items.map((x: { id: string }) => x.id);
          assert.ok(ids.length >= count, `${path}: at least ${count} items, got ${ids.length}`);
          assert.equal(new Set(ids).size, ids.length, `${path}: no duplicates`);
          for (const limit of [1, 2, 3]) {
            const walked = await walk(client, path, limit);
            assert.deepEqual(walked, ids, `${path} by ${limit}: no duplicates, no gaps`);
          }
        }
      });

      await t.step("default limit 20, at most 100", async () => {
        const anon = server.client();
        const first = await anon.get("/api/faqs");
        assert.equal(first.body.items.length, 20);
        assert.equal(typeof first.body.cursor, "string");
        const rest = await anon.get(`/api/faqs?cursor=${encodeURIComponent(first.body.cursor)}`);
        assert.equal(rest.body.items.length, 5);
        assert.equal(rest.body.cursor, null);
        const big = await anon.get("/api/faqs?limit=1000");
        assert.equal(big.body.items.length, 25);
        assert.equal(big.body.cursor, null);
        // FAQ order: by category, then question.
        const keys = big.body.items.map((f: any) => `${f.category}/${f.question}`);
        assert.deepEqual(keys, [...keys].sort());
        // Lists newest first.
        const users = (await admin.get("/api/admin/users?limit=100")).body.items;
        assert.deepEqual(
          users.map((u: any) => u.id),
          users.map((u: any) => u.id).sort().reverse(),
        );
      });

      await t.step("the extra fields stay: sales keep balance, notifications unread", async () => {
        const sales = await seller.get("/api/sales?limit=2");
        assert.equal(sales.body.items.length, 2);
        assert.equal(typeof sales.body.cursor, "string");
        assert.equal(typeof sales.body.balance.available, "number");
        const later = await seller.get(`/api/sales?limit=2&cursor=${sales.body.cursor}`);
        assert.deepEqual(later.body.balance, sales.body.balance);
        const notes = await seller.get("/api/notifications?limit=2");
        assert.equal(notes.body.items.length, 2);
        assert.ok(notes.body.unread >= 9);
        assert.equal(typeof notes.body.items[0].read, "boolean");
      });

      await t.step("a bad cursor is a 400 with the error envelope", async () => {
        const bad = [
          "garbage",
          "01JZZZZZZZZZZZZZZZZZZZZZZ!",
          "x".repeat(3000),
          "%00",
          "IL0000000000000000000000OU",
          "😀",
          "\uFFFF",
          "AQ",
        ];
        const page = (await seller.get("/api/pages?limit=1")).body.items[0];
        const room = (await buyers[1].get("/api/chat/rooms?limit=1")).body.items[0];
        const withLeads: [string, Client, number][] = [
          ...routes,
          [`/api/pages/${page.id}/leads`, seller, 0],
          [`/api/pages/${page.id}/leads?status=new`, seller, 0],
        ];
        for (const [path, client] of withLeads) {
          const sep = path.includes("?") ? "&" : "?";
          for (const cursor of bad) {
            const res = await client.get(`${path}${sep}cursor=${encodeURIComponent(cursor)}`);
            assert.equal(res.status, 400, `${path} cursor=${cursor.slice(0, 20)}: ${res.text}`);
            assert.equal(typeof res.body.error.code, "string");
            assert.equal(typeof res.body.error.message, "string");
          }
        }
        // Messages page by ids (`after`, `before`): those must be ids as well.
        for (const bound of ["after", "before"]) {
          for (const id of ["😀", "\uFFFF", "garbage"]) {
            const res = await buyers[1].get(
              `/api/chat/rooms/${room.id}/messages?${bound}=${encodeURIComponent(id)}`,
            );
            assert.equal(res.status, 400, `${bound}=${id}: ${res.text}`);
          }
        }
        // An FAQ cursor must decode to the FAQ sort fields.
        const notFields = btoa(JSON.stringify({ a: 1 }));
        assert.equal((await server.client().get(`/api/faqs?cursor=${notFields}`)).status, 400);
      });

      await t.step("an unknown filter value is a 422, not an empty list", async () => {
        for (
          const [path, field] of [
            ["/api/admin/marketplace?status=bogus", "status"],
            ["/api/admin/marketplace?status=PENDING", "status"],
            ["/api/admin/users?role=bogus", "role"],
            ["/api/admin/users?role=superuser", "role"],
            ["/api/admin/orders?status=bogus", "status"],
            ["/api/chat/rooms?status=closed", "status"],
            ["/api/chat/rooms?assigned=you", "assigned"],
          ]
        ) {
          const res = await admin.get(path);
          assert.equal(res.status, 422, `${path}: ${res.text}`);
          assert.equal(res.body.error.code, "validation_failed");
          assert.ok(res.body.error.fields[field], `${path}: names the field`);
        }
        // Empty means "any".
        assert.equal((await admin.get("/api/admin/users?role=")).body.items.length, 7);
        assert.equal((await admin.get("/api/admin/marketplace?status=")).body.items.length, 6);
        assert.equal((await admin.get("/api/admin/orders?status=delivered")).body.items.length, 9);
        assert.equal((await admin.get("/api/admin/orders?status=refunded")).body.items.length, 0);
      });
    } finally {
      await server.close();
    }
  },
});
