// CSAT: the room's own user or guest rates it once, only after it was resolved; the dashboard's
// `csat` holds the average and count, overall and per agent.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

Deno.test("CSAT: once, after resolve, by the room's user or guest; dashboard average", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    await user.register();
    const other = server.client();
    await other.register();
    const room = (await user.post("/api/chat/rooms", { subject: "Hi", message: "Hello" })).body
      .room;
    const anon = server.client();
    const guest = (await anon.post("/api/chat/guest", { message: "Hello from a guest" })).body;
    const asGuest = { headers: { authorization: `Guest ${guest.guestToken}` } };
    const rate = (id: string, body: unknown) => user.post(`/api/chat/rooms/${id}/rating`, body);

    await t.step("before resolve → 409; bad scores → 422", async () => {
      assert.equal((await rate(room.id, { score: 5 })).status, 409);
      for (const score of [0, 6, 2.5, "5", null]) {
        assert.equal((await rate(room.id, { score })).status, 422, String(score));
      }
      assert.equal((await rate(room.id, { score: 4, comment: "x".repeat(2001) })).status, 422);
    });

    await t.step("after resolve: 201 once; twice (even in parallel) → 409", async () => {
      await admin.post(`/api/chat/rooms/${room.id}/messages`, { message: "Fixed it for you." });
      assert.equal((await admin.post(`/api/admin/chat/rooms/${room.id}/resolve`)).status, 200);
      // Not the user's room: another user → 404, an admin → 403.
      assert.equal(
        (await other.post(`/api/chat/rooms/${room.id}/rating`, { score: 1 })).status,
        404,
      );
      assert.equal(
        (await admin.post(`/api/chat/rooms/${room.id}/rating`, { score: 5 })).status,
        403,
      );
      const results = await Promise.all(
        [5, 4, 3, 2].map((score) => rate(room.id, { score, comment: "Quick and kind" })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409]);
      const won = results.find((r) => r.status === 201)!;
      assert.equal(won.body.rating.comment, "Quick and kind");
      const stored = (await user.get(`/api/chat/rooms/${room.id}`)).body.room;
      assert.equal(stored.rating.score, won.body.rating.score);
      assert.equal((await rate(room.id, { score: 1 })).status, 409);
    });

    await t.step("a guest rates its own resolved room", async () => {
      const path = `/api/chat/rooms/${guest.room.id}/rating`;
      assert.equal((await anon.post(path, { score: 2 }, asGuest)).status, 409);
      await admin.post(`/api/chat/rooms/${guest.room.id}/messages`, { message: "Done!" });
      await admin.post(`/api/admin/chat/rooms/${guest.room.id}/resolve`);
      const res = await anon.post(path, { score: 2 }, asGuest);
      assert.equal(res.status, 201, res.text);
      assert.equal((await anon.post(path, { score: 2 }, asGuest)).status, 409);
    });

    await t.step("GET /api/dashboard/stats has csat: average, count, per agent", async () => {
      const stats = await admin.get("/api/dashboard/stats");
      assert.equal(stats.status, 200);
      const score = (await user.get(`/api/chat/rooms/${room.id}`)).body.room.rating.score;
      assert.equal(stats.body.csat.count, 2);
      assert.equal(stats.body.csat.average, (score + 2) / 2);
      assert.equal(stats.body.csat.byAgent.length, 1);
      assert.equal(stats.body.csat.byAgent[0].count, 2);
      const me = (await admin.get("/api/auth/me")).body.user;
      assert.equal(stats.body.csat.byAgent[0].adminId, me.id);
      assert.equal(stats.body.csat.byAgent[0].name, me.name);
      assert.equal(typeof stats.body.users, "number");
      // The admin dashboard shows the same figures.
      const html = (await admin.get("/admin")).text;
      assert.match(html, /Support satisfaction/);
      assert.ok(html.includes(`${stats.body.csat.average} / 5 from 2 ratings`), "overall CSAT");
      assert.ok(html.includes(`${me.name}: ${stats.body.csat.average} / 5 (2)`), "per agent");
    });
  } finally {
    await server.close();
  }
});
