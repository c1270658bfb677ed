// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Lists at a few hundred records: each admin and inbox list walked by cursor (limit 20) gives
// exactly the expected items in the expected order, no duplicates or gaps; filters give exactly
// the matching items; a room's new message moves it to the top of the inbox (its old index entry
// gone); bad cursors are 400s; the leads CSV streams every lead exactly once.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { createUser, getUserByEmail, type UserRecord } from "../lib/auth/index.ts";
import { assignRoom, commitRoom, createRoom, type Room } from "../lib/chat/index.ts";
import { kv, newId } from "../lib/kv/index.ts";
import { noteLeadFields, submitLead } from "../lib/leads/index.ts";
import { backfillListIndexes } from "../lib/admin/backfill.ts";
import { createPayment, payWithTestCheckout, refundOrder } from "../lib/payments/index.ts";

async function walk(client: Client, path: string, limit = 20): Promise<any[]> {
  const sep = path.includes("?") ? "&" : "?";
  const items: any[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const url: string = `${path}${sep}limit=${limit}` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const res = await client.get(url);
    assert.equal(res.status, 200, `${url}: ${res.text}`);
    assert.ok(res.body.items.length <= limit);
    items.push(...res.body.items);
    cursor = res.body.cursor;
    if (cursor === null) return items;
    assert.equal(res.body.items.length, limit, `${url}: a page before the last is full`);
  }
  throw new Error(`${path}: the walk does not end`);
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const newestFirst = (xs: string[]) => [...xs].sort().reverse();

function assertNoDuplicates(list: string[], what: string) {
  assert.equal(new Set(list).size, list.length, `${what}: duplicates`);
}

const PRIORITY = { high: 0, normal: 1, low: 2 } as const;
/** The admin inbox order: priority first, then latest activity (then id, both newest first). */
function inboxOrder(rooms: Room[], byPriority: boolean): string[] {
  return [...rooms].sort((a, b) =>
    (byPriority && a.priority !== b.priority ? PRIORITY[a.priority] - PRIORITY[b.priority] : 0) ||
    b.lastMessageAt.localeCompare(a.lastMessageAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  ).map((r) => r.id);
}

async function allRooms(): Promise<Room[]> {
  const out: Room[] = [];
  for await (const e of kv().list<Room>({ prefix: ["rooms"] })) out.push(e.value);
  return out;
}

Deno.test({
  name: "lists at scale: cursor walks, filters and the inbox index",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const server = await startTestServer(ADMIN_ENV);
    try {
      const admin = await adminClient(server);
      const root = (await getUserByEmail("root@example.com"))!;
      const users: UserRecord[] = [root];
      for (let i = 0; i < 300; i++) {
        users.push(
          await createUser({
            email: `scale-${String(i).padStart(3, "0")}@example.com`,
            name: `Person ${i}`,
            role: i % 7 === 0 ? "admin" : "user",
          }),
        );
      }

      await t.step("admin users: newest first, role and search filters", async () => {
        const all = await walk(admin, "/api/admin/users");
        assertNoDuplicates(ids(all), "users");
        // Nothing else has made accounts yet: every account is one of ours.
        assert.deepEqual(ids(all), newestFirst(ids(users)));
        const admins = await walk(admin, "/api/admin/users?role=admin");
        assert.deepEqual(
          ids(admins),
          newestFirst(ids(users.filter((u) => u.role === "admin"))),
        );
        // q matches any part of the email or the name, newest first.
        const matched = await walk(admin, "/api/admin/users?q=SCALE-01");
        assert.deepEqual(
          ids(matched),
          newestFirst(ids(users.filter((u) => u.email.includes("scale-01")))),
        );
        const byName = await walk(admin, "/api/admin/users?q=person 29");
        assert.deepEqual(
          ids(byName),
          newestFirst(ids(users.filter((u) => u.name.toLowerCase().includes("person 29")))),
        );
        const both = await walk(admin, "/api/admin/users?q=scale-0&role=admin", 5);
        assert.deepEqual(
          ids(both),
          newestFirst(ids(users.filter((u) => u.role === "admin" && u.email.includes("scale-0")))),
        );
        assert.deepEqual(await walk(admin, "/api/admin/users?q=nobody-here"), []);
      });

      await t.step("admin users: a role change moves the user between role lists", async () => {
        const target = users[2];
        const res = await admin.patch(`/api/admin/users/${target.id}`, { role: "admin" });
        assert.equal(res.status, 200, res.text);
        const admins = ids(await walk(admin, "/api/admin/users?role=admin"));
        assert.ok(admins.includes(target.id));
        const plain = ids(await walk(admin, "/api/admin/users?role=user"));
        assert.ok(!plain.includes(target.id));
        assert.equal(admins.length + plain.length, users.length);
      });

      await t.step("admin orders: newest first, status filters", async () => {
        const { listing } = await approvedListing(server, admin, 1500, "Scale template");
        const buyers = users.slice(10, 90);
        const orderIds: string[] = [];
        for (const b of buyers) {
          const { transaction } = await createPayment(b, listing.id);
          await payWithTestCheckout(b.id, transaction.id);
          const tx = (await kv().get<{ orderId: string }>(["transactions", transaction.id])).value!;
          assert.ok(tx.orderId, "the order is made");
          orderIds.push(tx.orderId);
        }
        const refunded = orderIds.filter((_, i) => i % 5 === 0);
        for (const id of refunded) await refundOrder(id, { admin: root });
        const all = await walk(admin, "/api/admin/orders");
        assertNoDuplicates(ids(all), "orders");
        assert.deepEqual(ids(all), newestFirst(orderIds));
        assert.deepEqual(
          ids(await walk(admin, "/api/admin/orders?status=refunded")),
          newestFirst(refunded),
        );
        // The filter reads the status index, kept by the refund's own commit.
        const indexed: string[] = [];
        for await (const e of kv().list<string>({ prefix: ["orders_by_status", "refunded"] })) {
          indexed.push(e.value);
        }
        assert.deepEqual(indexed.sort(), [...refunded].sort());
        assert.deepEqual(
          ids(await walk(admin, "/api/admin/orders?status=delivered")),
          newestFirst(orderIds.filter((id) => !refunded.includes(id))),
        );
      });

      await t.step("chat inbox: by priority and latest activity, filters, moves", async () => {
        // Ten room owners who can sign in (made apart from the walked users above).
        const owners: UserRecord[] = [];
        for (let i = 0; i < 10; i++) {
          owners.push(
            await createUser({
              email: `owner-${i}@example.com`,
              name: `Owner ${i}`,
              password: "password123",
            }),
          );
        }
        for (let i = 0; i < 200; i++) {
          await createRoom(owners[i % owners.length], {
            subject: `Question ${i}`,
            message: `Hello ${i}`,
          });
        }
        let rooms = await allRooms();
        // Some rooms assigned to root, some to another admin, a few resolved or high priority.
        const other = users.find((u) => u.role === "admin" && u.id !== root.id)!;
        for (const [i, r] of rooms.entries()) {
          if (i % 4 === 0) await assignRoom(root, r.id, root.id, "Root");
          else if (i % 4 === 1) await assignRoom(root, r.id, other.id, "Other");
          if (i % 9 === 0) await commitRoom(r.id, (x) => ({ ...x, status: "resolved" }), null);
          if (i % 11 === 0) await commitRoom(r.id, (x) => ({ ...x, priority: "high" }), null);
        }
        rooms = await allRooms();
        const all = await walk(admin, "/api/chat/rooms");
        assertNoDuplicates(ids(all), "rooms");
        assert.deepEqual(ids(all), inboxOrder(rooms, true));
        for (const status of ["open", "assigned", "resolved"] as const) {
          assert.deepEqual(
            ids(await walk(admin, `/api/chat/rooms?status=${status}`)),
            inboxOrder(rooms.filter((r) => r.status === status), true),
            status,
          );
        }
        assert.deepEqual(
          ids(await walk(admin, "/api/chat/rooms?assigned=me")),
          inboxOrder(rooms.filter((r) => r.adminId === root.id), true),
        );
        assert.deepEqual(
          ids(await walk(admin, "/api/chat/rooms?assigned=me&status=resolved")),
          inboxOrder(rooms.filter((r) => r.adminId === root.id && r.status === "resolved"), true),
        );

        // The console shows 50 rooms and links to the older ones by cursor.
        const first = await admin.get("/admin/support");
        assert.equal(first.status, 200);
        const older = first.text.match(/href="([^"]*cursor=[^"]*)"[^>]*data-testid="older-rooms"/);
        assert.ok(older, "an Older rooms link");
        const second = await admin.get(older[1].replaceAll("&amp;", "&"));
        assert.equal(second.status, 200, second.text.slice(0, 300));
        assert.ok(second.text.includes(all[50].id) && !second.text.includes(all[1].id));

        // A user sees only their own rooms, by latest activity (no priority).
        const owner = owners[3];
        const ownerClient = server.client();
        await ownerClient.login(owner.email, "password123");
        const own = await walk(ownerClient, "/api/chat/rooms", 7);
        assert.deepEqual(ids(own), inboxOrder(rooms.filter((r) => r.userId === owner.id), false));

        // A new message in the oldest low-activity room moves it to the top of its lists.
        const last = own[own.length - 1] as Room;
        await new Promise((r) => setTimeout(r, 5));
        await commitRoom(last.id, (x) => x, {
          senderId: owner.id,
          senderType: "user",
          message: "Any news?",
        });
        const after = await walk(ownerClient, "/api/chat/rooms", 7);
        assert.equal(after[0].id, last.id);
        assert.equal(after.length, own.length);
        // The room's old index entries are gone: it shows once in every list.
        for (const path of ["/api/chat/rooms", `/api/chat/rooms?status=${last.status}`]) {
          const list = ids(await walk(admin, path));
          assertNoDuplicates(list, path);
          assert.equal(list.filter((id) => id === last.id).length, 1);
        }
        let entries = 0;
        for await (const e of kv().list<Room>({ prefix: ["rooms_by_activity"] })) {
          if (e.value.id === last.id) entries++;
        }
        assert.ok(entries > 0 && entries <= 6, `index entries of one room: ${entries}`);
      });

      await t.step("the start-up backfill rebuilds the indexes of an older store", async () => {
        const before = ids(await walk(admin, "/api/chat/rooms?status=assigned"));
        const admins = ids(await walk(admin, "/api/admin/users?role=admin"));
        for (const prefix of [["rooms_by_activity"], ["users_by_role"], ["orders_by_status"]]) {
          for await (const e of kv().list({ prefix })) await kv().delete(e.key);
        }
        await kv().delete(["config", "list_indexes_v1"]);
        assert.deepEqual(await walk(admin, "/api/chat/rooms?status=assigned"), []);
        assert.ok((await backfillListIndexes()) > 300);
        assert.equal(await backfillListIndexes(), 0, "it runs once");
        assert.deepEqual(ids(await walk(admin, "/api/chat/rooms?status=assigned")), before);
        assert.deepEqual(ids(await walk(admin, "/api/admin/users?role=admin")), admins);
      });

      await t.step("admin payouts and audit page by cursor", async () => {
        const payouts = await walk(admin, "/api/admin/payouts", 3);
        assertNoDuplicates(ids(payouts), "payouts");
        const audit = await walk(admin, "/api/admin/audit");
        assertNoDuplicates(ids(audit), "audit");
        assert.deepEqual(ids(audit), newestFirst(ids(audit)));
        assert.ok(audit.length > 100, `audit entries: ${audit.length}`);
      });

      await t.step("the leads CSV streams every lead exactly once", async () => {
        const owner = server.client();
        await owner.register("csv-owner@example.com");
        const page = (await owner.post("/api/pages", { name: "CSV", slug: "csv-scale" })).body.page;
        const fields = [
          { name: "name", label: "Name", type: "text", required: true },
          { name: "email", label: "Email", type: "email", required: true },
        ];
        const put = await owner.put(`/api/pages/${page.id}`, {
          version: 1,
          content: {
            blocks: [{
              id: "f",
              type: "form",
              props: { title: "Join", fields, submitText: "Join", successMessage: "Thanks" },
            }],
          },
        });
        assert.equal(put.status, 200, put.text);
        assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
        // Three through the real form (their field names are noted for the columns), then the
        // bulk written as submitLead writes them, in big batches to be quick; the first bulk lead
        // has a field the form no longer has (an older form's), which gets its own column.
        for (let i = 0; i < 3; i++) {
          const lead = await submitLead("csv-scale", "f", {
            name: `Form ${i}`,
            email: `f${i}@example.com`,
          }, `10.0.0.${i}`);
          assert.ok(lead);
        }
        const n = Number(Deno.env.get("LEADS_CSV_N") ?? 5000);
        const base = Date.now();
        for (let i = 0; i < n; i += 200) {
          const op = kv().atomic();
          for (let j = i; j < Math.min(n, i + 200); j++) {
            const data: Record<string, string> = { name: `Lead ${j}`, email: `l${j}@example.com` };
            if (j === 0) data.company = 'Older form, "quoted"';
            const id = newId(base + j);
            op.set(["leads", page.id, id], {
              id,
              pageId: page.id,
              blockId: "f",
              data,
              status: j % 1000 === 7 || j === 0 ? "won" : "new",
              tags: j % 2 ? ["a", "b"] : [],
              submittedAt: new Date(base + j).toISOString(),
            });
            noteLeadFields(op, page.id, data);
          }
          assert.ok((await op.commit()).ok);
        }
        const rss0 = Deno.memoryUsage().rss;
        let rssMax = rss0;
        const started = performance.now();
        const res = await fetch(`${server.origin}/api/pages/${page.id}/leads.csv`, {
          headers: { authorization: `Bearer ${owner.token}` },
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /text\/csv/);
        const reader = res.body!.getReader();
        let chunks = 0;
        let text = "";
        const dec = new TextDecoder();
        let firstByte = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!chunks++) firstByte = performance.now() - started;
          text += dec.decode(value, { stream: true });
          rssMax = Math.max(rssMax, Deno.memoryUsage().rss);
        }
        const ms = performance.now() - started;
        console.log(
          `leads CSV: ${n + 3} leads, first byte ${firstByte.toFixed(0)} ms, all ${
            ms.toFixed(0)
          } ms, ${(text.length / 1e6).toFixed(1)} MB of CSV, process RSS +${
            ((rssMax - rss0) / 1e6).toFixed(0)
          } MB (server and client)`,
        );
        const lines = text.split("\r\n");
        assert.equal(lines.pop(), "", "ends with a line break");
        assert.equal(
          lines[0],
          "submittedAt,name,email,company,status,tags," +
            "source,referrer,utmSource,utmMedium,utmCampaign,utmContent,utmTerm,variantId",
        );
        assert.equal(lines.length, 1 + n + 3, "one row per lead");
        const names = lines.slice(1).map((l) => l.split(",")[1]);
        assert.equal(new Set(names).size, n + 3, "no lead twice");
        assert.ok(chunks > 1, "sent in several chunks");
        // A rare status filter reads at most a bounded number of leads per request: short pages
        // may come, but the walk still finds each match once, newest first, none skipped.
        const won: string[] = [];
        let cursor: string | null = null;
        let requests = 0;
        for (let pages = 0; pages < 50; pages++) {
          requests++;
          const url: string = `/api/pages/${page.id}/leads?status=won&limit=10` +
            (cursor ? `&cursor=${cursor}` : "");
          const r = await owner.get(url);
          assert.equal(r.status, 200, r.text);
          won.push(...r.body.items.map((l: { data: { name: string } }) => l.data.name));
          cursor = r.body.cursor;
          if (!cursor) break;
        }
        const expectedWon = [];
        for (let j = n - 1; j >= 0; j--) {
          if (j % 1000 === 7 || j === 0) expectedWon.push(`Lead ${j}`);
        }
        assert.deepEqual(won, expectedWon);
        // All six fit in one page of 10: a second request means the first stopped at the bound.
        if (n >= 5000) assert.ok(requests >= 2, `requests: ${requests}`);
        // Another account gets a 404, before any byte of CSV.
        const stranger = server.client();
        await stranger.register("csv-stranger@example.com");
        assert.equal((await stranger.get(`/api/pages/${page.id}/leads.csv`)).status, 404);
      });

      await t.step("chat history pages back by cursor over the room's messages", async () => {
        const owner = (await getUserByEmail("owner-0@example.com"))!;
        const { room } = await createRoom(owner, { subject: "Long", message: "m0" });
        for (let i = 1; i < 45; i++) {
          await commitRoom(room.id, (x) => x, {
            senderId: owner.id,
            senderType: "user",
            message: `m${i}`,
          });
        }
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const res: any = await admin.get(
            `/api/chat/rooms/${room.id}/messages?limit=20` + (cursor ? `&cursor=${cursor}` : ""),
          );
          assert.equal(res.status, 200, res.text);
          pages.push(res.body.items.map((m: { message: string }) => m.message));
          cursor = res.body.cursor;
        } while (cursor && pages.length < 10);
        assert.deepEqual(pages.map((p) => p.length), [20, 20, 5]);
        assert.deepEqual(
          pages.reverse().flat(),
          Array.from({ length: 45 }, (_, i) => `m${i}`),
        );
      });

      await t.step("bad cursors are 400s", async () => {
        for (
          const path of [
            "/api/admin/users",
            "/api/admin/users?role=admin",
            "/api/admin/users?q=scale",
            "/api/admin/orders",
            "/api/admin/orders?status=refunded",
            "/api/admin/payouts",
            "/api/admin/audit",
            "/api/chat/rooms",
            "/api/chat/rooms?status=open",
            "/api/admin/users?role=user&q=scale",
          ]
        ) {
          for (const bad of ["%F0%9F%92%A9", "not a cursor!", "%EF%BF%BF"]) {
            const sep = path.includes("?") ? "&" : "?";
            const res = await admin.get(`${path}${sep}cursor=${bad}`);
            assert.equal(res.status, 400, `${path} cursor=${bad}: ${res.status} ${res.text}`);
            assert.equal(res.body.error.code, "invalid_cursor");
          }
        }
      });
    } finally {
      await server.close();
    }
  },
});
