// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Private notes: an admin's `{ message, private: true }` reaches staff only. Every path a room's
// user or guest reads is probed: the message list (and its pages), the room and the room list,
// the room stream, the combined stream, and both replays with Last-Event-ID.
import assert from "node:assert/strict";
import { type Client, readEvents, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const NOTE = "NOTE: refund approved internally, do not tell yet";

function open(server: TestServer, path: string, auth: string, lastEventId?: string) {
  const headers: Record<string, string> = { authorization: auth };
  if (lastEventId) headers["last-event-id"] = lastEventId;
  return fetch(server.origin + path, { headers });
}

const hasNote = (x: unknown) => JSON.stringify(x).includes("refund approved internally");

Deno.test("private notes never reach the room's user or guest, on any path", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    await user.register();
    const userRoom = (await user.post("/api/chat/rooms", {
      subject: "Refund",
      message: "I want a refund please",
    })).body.room;
    const anon = server.client();
    const guest = (await anon.post("/api/chat/guest", { message: "Hello, is anyone there?" })).body;
    const viewers: { name: string; auth: string; roomId: string; client: Client }[] = [
      { name: "user", auth: `Bearer ${user.token}`, roomId: userRoom.id, client: user },
      { name: "guest", auth: `Guest ${guest.guestToken}`, roomId: guest.room.id, client: anon },
    ];
    const get = (v: (typeof viewers)[0], path: string) =>
      v.client.get(path, { headers: { authorization: v.auth } });

    // Streams opened before the note, and cursors for the replays.
    const live = new Map<string, Response[]>();
    const readyIds = new Map<string, string>();
    for (const v of viewers) {
      const combined = await open(
        server,
        `/api/chat/events?topics=room:${v.roomId},rooms,notifications`,
        v.auth,
      );
      const first = await readEvents(combined, (evs) => evs.some((e) => e.event === "ready"));
      readyIds.set(v.name, first.find((e) => e.event === "ready")!.id!);
      live.set(v.name, [
        await open(server, `/api/chat/rooms/${v.roomId}/events`, v.auth),
        await open(
          server,
          `/api/chat/events?topics=room:${v.roomId},rooms,notifications`,
          v.auth,
        ),
      ]);
    }
    const adminStream = await open(
      server,
      `/api/chat/rooms/${userRoom.id}/events`,
      `Bearer ${admin.token}`,
    );
    const roomsBefore = new Map<string, any>();
    for (const v of viewers) {
      roomsBefore.set(v.name, (await get(v, `/api/chat/rooms/${v.roomId}`)).body.room);
    }

    await t.step("an admin posts a note (201, private); users and guests cannot", async () => {
      for (const v of viewers) {
        const res = await admin.post(`/api/chat/rooms/${v.roomId}/messages`, {
          message: NOTE,
          private: true,
        });
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.message.private, true);
        const own = await v.client.post(`/api/chat/rooms/${v.roomId}/messages`, {
          message: "can I write one?",
          private: true,
        }, { headers: { authorization: v.auth } });
        assert.equal(own.status, 403, v.name);
      }
      // A public reply after the note: the streams below read up to it.
      for (const v of viewers) {
        const res = await admin.post(`/api/chat/rooms/${v.roomId}/messages`, {
          message: "Public reply after the note",
        });
        assert.equal(res.status, 201);
      }
    });

    await t.step("staff see the note: in the list and on the room stream", async () => {
      const list = await admin.get(`/api/chat/rooms/${userRoom.id}/messages`);
      assert.ok(list.body.items.some((m: any) => m.private && m.message === NOTE));
      const evs = await readEvents(adminStream, (evs) => evs.some((e) => e.data?.private));
      assert.equal(evs.find((e) => e.data?.private)!.data.message, NOTE);
    });

    await t.step("not in the user's or guest's message list, room or room list", async () => {
      for (const v of viewers) {
        const list = await get(v, `/api/chat/rooms/${v.roomId}/messages`);
        assert.equal(list.status, 200);
        assert.ok(list.body.items.some((m: any) => m.message === "Public reply after the note"));
        assert.ok(!hasNote(list.body), v.name);
        // Paged one at a time, with `after` and with the `before` cursor.
        const after = await get(v, `/api/chat/rooms/${v.roomId}/messages?after=0&limit=100`);
        assert.ok(!hasNote(after.body), v.name);
        let cursor: string | null = null;
        do {
          const q: string = cursor ? `&before=${cursor}` : "";
          const page: any = await get(v, `/api/chat/rooms/${v.roomId}/messages?limit=1${q}`);
          assert.ok(!hasNote(page.body), v.name);
          cursor = page.body.cursor;
        } while (cursor);
        const room = (await get(v, `/api/chat/rooms/${v.roomId}`)).body.room;
        assert.ok(!hasNote(room));
        assert.notEqual(room.lastMessage, NOTE);
        assert.ok(!hasNote((await get(v, "/api/chat/rooms")).body));
      }
      // A note alone changes nothing the user sees (last message, unread count).
      const before = roomsBefore.get("user");
      await admin.post(`/api/chat/rooms/${userRoom.id}/messages`, { message: NOTE, private: true });
      const after = (await user.get(`/api/chat/rooms/${userRoom.id}`)).body.room;
      assert.notEqual(after.lastMessage, NOTE);
      assert.ok(after.unreadUser >= before.unreadUser);
    });

    await t.step("not in live streams (room stream and combined stream)", async () => {
      for (const v of viewers) {
        for (const res of live.get(v.name)!) {
          const evs = await readEvents(
            res,
            (evs) => evs.some((e) => e.data?.message === "Public reply after the note"),
          );
          assert.ok(!hasNote(evs), `${v.name}: ${JSON.stringify(evs).slice(0, 500)}`);
        }
      }
    });

    await t.step("not in Last-Event-ID replays", async () => {
      for (const v of viewers) {
        const replays = [
          await open(server, `/api/chat/rooms/${v.roomId}/events`, v.auth, "0"),
          await open(server, `/api/chat/rooms/${v.roomId}/events?lastEventId=0`, v.auth),
          await open(
            server,
            `/api/chat/events?topics=room:${v.roomId},rooms,notifications`,
            v.auth,
            readyIds.get(v.name),
          ),
        ];
        for (const res of replays) {
          assert.equal(res.status, 200);
          const evs = await readEvents(
            res,
            (evs) => evs.some((e) => e.data?.message === "Public reply after the note"),
          );
          assert.ok(!hasNote(evs), `${v.name}: ${JSON.stringify(evs).slice(0, 500)}`);
        }
      }
    });
  } finally {
    await server.close();
  }
});
