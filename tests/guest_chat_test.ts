// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Guest chat over real HTTP: a visitor without an account opens a room, the assistant answers,
// an admin replies live; the guest token opens its own room only; a guest who signs up claims
// the conversation; guest rooms and messages are limited per client address under parallel load.
import assert from "node:assert/strict";
import { type Client, readEvents, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const guestHeaders = (token: string) => ({ authorization: `Guest ${token}` });

async function startGuest(anon: Client, message: string, extra: Record<string, string> = {}) {
  const res = await anon.post("/api/chat/guest", { message, ...extra });
  assert.equal(res.status, 201, res.text);
  return res.body as { room: any; guestToken: string };
}

Deno.test("guest chat: assistant answers, admin replies live, token isolation, claim on sign-up", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const anon = server.client();
    const a = await startGuest(anon, "Do you have templates for a bakery?", {
      name: "Gia",
      email: "gia@example.com",
    });
    const b = await startGuest(anon, "How much does publishing cost?");

    await t.step("POST /api/chat/guest → 201 { room, guestToken }; bad input → 4xx", async () => {
      assert.ok(a.guestToken.length >= 40);
      assert.match(a.room.userId, /^guest_/);
      assert.equal(a.room.userName, "Gia");
      assert.equal(a.room.guest.email, "gia@example.com");
      assert.equal(b.room.userName, "Guest");
      assert.equal((await anon.post("/api/chat/guest", {})).status, 422);
      assert.equal(
        (await anon.post("/api/chat/guest", { message: "hi", email: "no" })).status,
        422,
      );
      const raw = await anon.request("POST", "/api/chat/guest", {
        body: "{nope",
        headers: { "content-type": "application/json" },
      });
      assert.equal(raw.status, 400);
    });

    await t.step("the assistant answers the guest, seen on the guest's own stream", async () => {
      const res = await fetch(`${server.origin}/api/chat/rooms/${a.room.id}/events?lastEventId=0`, {
        headers: guestHeaders(a.guestToken),
      });
      assert.equal(res.status, 200);
      await readEvents(res, (evs) => evs.some((e) => e.data?.senderType === "ai"), 3000);
      const list = await anon.get(`/api/chat/rooms/${a.room.id}/messages`, {
        headers: guestHeaders(a.guestToken),
      });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((m: any) => m.senderType).slice(0, 2), ["user", "ai"]);
      const mine = await anon.get("/api/chat/rooms", { headers: guestHeaders(a.guestToken) });
      assert.deepEqual(mine.body.items.map((r: any) => r.id), [a.room.id]);
    });

    await t.step("a guest token opens only its own room (others → 404, none → 401)", async () => {
      const hb = guestHeaders(b.guestToken);
      const other = `/api/chat/rooms/${a.room.id}`;
      assert.equal((await anon.get(other, { headers: hb })).status, 404);
      assert.equal((await anon.get(`${other}/messages`, { headers: hb })).status, 404);
      assert.equal(
        (await anon.post(`${other}/messages`, { message: "let me in" }, { headers: hb })).status,
        404,
      );
      assert.equal((await anon.post(`${other}/read`, {}, { headers: hb })).status, 404);
      assert.equal((await anon.post(`${other}/rating`, { score: 1 }, { headers: hb })).status, 404);
      for (const path of [`${other}/events`, `/api/chat/events?topics=room:${a.room.id}`]) {
        const res = await fetch(server.origin + path, { headers: hb });
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
      // A made-up token, no token, and routes that are not the guest's to use.
      const forged = guestHeaders("x".repeat(43));
      assert.equal(
        (await anon.get(`/api/chat/rooms/${b.room.id}`, { headers: forged })).status,
        401,
      );
      assert.equal((await anon.get(`/api/chat/rooms/${b.room.id}`)).status, 401);
      assert.equal(
        (await anon.post("/api/chat/rooms", { subject: "x", message: "y" }, { headers: hb }))
          .status,
        401,
      );
      assert.equal((await anon.get("/api/pages", { headers: hb })).status, 401);
      assert.equal((await anon.get("/api/notifications", { headers: hb })).status, 401);
      // A guest may not write staff notes.
      const note = await anon.post(`/api/chat/rooms/${b.room.id}/messages`, {
        message: "psst",
        private: true,
      }, { headers: hb });
      assert.equal(note.status, 403);
    });

    await t.step("an admin sees the guest's room and answers it live", async () => {
      const all = await admin.get("/api/chat/rooms");
      assert.ok(all.body.items.some((r: any) => r.id === a.room.id));
      const stream = await fetch(
        `${server.origin}/api/chat/events?topics=room:${a.room.id},rooms,notifications`,
        { headers: guestHeaders(a.guestToken) },
      );
      assert.equal(stream.status, 200);
      const reply = await admin.post(`/api/chat/rooms/${a.room.id}/messages`, {
        message: "Hi Gia, Tom from support here.",
      });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.room.status, "assigned");
      const evs = await readEvents(
        stream,
        (evs) => evs.some((e) => e.data?.senderType === "admin"),
      );
      assert.ok(evs.some((e) => e.event === "ready"));
      const posted = await anon.post(`/api/chat/rooms/${a.room.id}/messages`, {
        message: "Thanks Tom!",
      }, { headers: guestHeaders(a.guestToken) });
      assert.equal(posted.status, 201);
      assert.equal(posted.body.message.senderType, "user");
    });

    await t.step("a guest who signs up keeps the conversation (claim with the token)", async () => {
      const user = server.client();
      await user.register("gia@example.com", "Gia");
      const claimed = await user.post("/api/chat/guest/claim", { guestToken: a.guestToken });
      assert.equal(claimed.status, 200, claimed.text);
      assert.equal(claimed.body.room.id, a.room.id);
      const rooms = await user.get("/api/chat/rooms");
      assert.deepEqual(rooms.body.items.map((r: any) => r.id), [a.room.id]);
      const history = await user.get(`/api/chat/rooms/${a.room.id}/messages`);
      assert.ok(history.body.items.some((m: any) => m.message === "Thanks Tom!"));
      // The token stopped working, and cannot be claimed twice.
      assert.equal(
        (await anon.get(`/api/chat/rooms/${a.room.id}`, { headers: guestHeaders(a.guestToken) }))
          .status,
        401,
      );
      const again = await user.post("/api/chat/guest/claim", { guestToken: a.guestToken });
      assert.equal(again.status, 409);
      const anonClaim = await anon.post("/api/chat/guest/claim", { guestToken: b.guestToken });
      assert.equal(anonClaim.status, 401);
    });
  } finally {
    await server.close();
  }
});

Deno.test("guest rooms and messages are limited per client address, under parallel requests", async () => {
  const server = await startTestServer({ CHAT_RATE_PER_MINUTE: "3" });
  try {
    // Stay clear of a minute boundary: the limits count per fixed one-minute window.
    const into = Date.now() % 60_000;
    if (into > 55_000) await new Promise((r) => setTimeout(r, 60_000 - into + 100));
    const anon = server.client();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => anon.post("/api/chat/guest", { message: `Hello ${i}` })),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    // The address's messages are spent too: every guest of it is refused, in parallel.
    const tokens = results.filter((r) => r.status === 201).map((r) => r.body);
    const posts = await Promise.all(
      tokens.flatMap((g: any) =>
        [1, 2].map(() =>
          anon.post(`/api/chat/rooms/${g.room.id}/messages`, { message: "more" }, {
            headers: guestHeaders(g.guestToken),
          })
        )
      ),
    );
    assert.deepEqual(posts.map((r) => r.status), posts.map(() => 429));
  } finally {
    await server.close();
  }
});
