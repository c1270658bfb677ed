// The inbox's cost grows with the page, not the store: a page of rooms is one KV range read over
// the inbox index (each entry holds the room as written in the room's own commit), with no
// per-room point reads, however many rooms there are. An older store (index entries holding only
// ids) still lists correctly and is rewritten by the start-up backfill.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, keys, kv, openKv } from "../lib/kv/index.ts";
import {
  commitRoom,
  createRoom,
  getRoomFor,
  listRooms,
  renameRoomUser,
  type Room,
} from "../lib/chat/index.ts";
import { backfillListIndexes } from "../lib/admin/backfill.ts";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const admin = { id: "admin-1", name: "Ada", role: "admin" };

/** KV calls made while `fn` runs: point reads (get, getMany) and range reads (list). */
async function countReads<T>(fn: () => Promise<T>) {
  const store = kv() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const counts = { point: 0, list: 0 };
  const originals = { get: store.get, getMany: store.getMany, list: store.list };
  store.get = (...a) => (counts.point++, originals.get.apply(kv(), a));
  store.getMany = (...a) => (counts.point++, originals.getMany.apply(kv(), a));
  store.list = (...a) => (counts.list++, originals.list.apply(kv(), a));
  try {
    return { result: await fn(), counts };
  } finally {
    Object.assign(store, originals);
  }
}

async function addRooms(n: number, from: number) {
  for (let i = from; i < from + n; i++) {
    await createRoom({ id: `user-${i}`, name: `User ${i}` }, {
      subject: `Question ${i}`,
      message: `Hello ${i}`,
    });
  }
}

const views = [
  { filter: { status: "open" }, limit: 20 },
  { filter: {}, limit: 50 },
  { filter: { assigned: "none", status: "open" }, limit: 20 },
];

Deno.test("inbox pages: one range read, whatever the number of rooms", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    await addRooms(55, 0);
    const small = [];
    for (const v of views) {
      const { result, counts } = await countReads(() =>
        listRooms(admin, v.filter, { limit: v.limit })
      );
      assert.equal(result.items.length, v.limit);
      small.push(counts);
    }
    await addRooms(120, 55);
    for (const [i, v] of views.entries()) {
      const { result, counts } = await countReads(() =>
        listRooms(admin, v.filter, { limit: v.limit })
      );
      assert.equal(result.items.length, v.limit);
      assert.deepEqual(counts, small[i], `reads of ${JSON.stringify(v.filter)} grew with rooms`);
      assert.deepEqual(counts, { point: 0, list: 1 }, "no per-room reads");
    }

    // What the list shows is the room as it is now: a new message, its unread count, a rename.
    const first = (await listRooms(admin, { status: "open" }, { limit: 20 })).items.at(-1)!;
    await commitRoom(first.id, (r) => r, {
      senderId: first.userId,
      senderType: "user",
      message: "Any news?",
    });
    await renameRoomUser(first.id, "Deleted user");
    const top = (await listRooms(admin, { status: "open" }, { limit: 20 })).items[0];
    assert.deepEqual(top, await getRoomFor(admin, first.id));
    assert.equal(top.lastMessage, "Any news?");
    assert.equal(top.userName, "Deleted user");
  } finally {
    closeKv();
  }
});

Deno.test("inbox pages: an older store's id-only index lists, then is rewritten at start", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    await backfillListIndexes(); // a store that has had its list indexes since it was made
    await addRooms(30, 0);
    const want = await listRooms(admin, {}, { limit: 50 });
    // As stores written before the index carried rooms: every entry holds only the room's id.
    for await (const e of kv().list<Room | string>({ prefix: ["rooms_by_activity"] })) {
      await kv().set(e.key, typeof e.value === "string" ? e.value : e.value.id);
    }
    await kv().delete(keys.config("inbox_room_copies_v1")); // which that store never had
    const old = await countReads(() => listRooms(admin, {}, { limit: 50 }));
    assert.deepEqual(old.result, want);
    assert.ok(old.counts.point > 0, "id-only entries are read room by room");
    assert.ok(await backfillListIndexes() >= 30, "the backfill rewrites the inbox index");
    assert.equal(await backfillListIndexes(), 0, "once");
    const now = await countReads(() => listRooms(admin, {}, { limit: 50 }));
    assert.deepEqual(now.result, want);
    assert.deepEqual(now.counts, { point: 0, list: 1 });
  } finally {
    closeKv();
  }
});

Deno.test("inbox pages: an erased account's rooms show neither its name nor its email", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    const name = "Quilla Marchbanks";
    const email = `quilla${crypto.randomUUID().slice(0, 6)}@example.com`;
    await user.register(email, name);
    const created = await user.post("/api/chat/rooms", { subject: "Billing", message: "Help me" });
    assert.equal(created.status, 201, created.text);
    const roomId = created.body.room.id;
    const inbox = () => admin.get("/api/chat/rooms?status=open");
    const before = await inbox();
    assert.equal(before.status, 200, before.text);
    assert.ok(before.text.includes(name), "the inbox shows the user's name to start with");
    assert.ok((await admin.get("/admin/support")).text.includes(name));

    const erased = await user.request("DELETE", "/api/account", {
      json: { password: "password123" },
    });
    assert.equal(erased.status, 204, erased.text);

    // The room stays for support, under "Deleted user": in the API, the console and every copy
    // the inbox index holds (the index is what the inbox reads, not the room record).
    const after = await inbox();
    assert.equal(after.status, 200, after.text);
    const room = after.body.items.find((r: Room) => r.id === roomId);
    assert.equal(room?.userName, "Deleted user", after.text);
    const html = (await admin.get("/admin/support")).text;
    assert.ok(html.includes("Deleted user"));
    let copies = 0;
    for await (const e of kv().list<Room | string>({ prefix: keys.roomIndex([]) })) {
      const text = JSON.stringify(e.value);
      if (text.includes(roomId)) copies++;
      assert.ok(!text.includes(name) && !text.includes(email), `index entry ${e.key.join("/")}`);
    }
    assert.ok(copies >= 4, "the room's index entries are still there");
    for (const [what, text] of [["API", after.text], ["console", html]]) {
      assert.ok(!text.includes(name), `the ${what} shows the erased user's name`);
      assert.ok(!text.includes(email), `the ${what} shows the erased user's email`);
    }
  } finally {
    await server.close();
  }
});
