// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The helpdesk's views: the "unassigned" queue follows assignment, resolution and snoozes, and search
// finds conversations by the words of their messages (staff only); office hours add an away
// message to hand-overs outside them.
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

Deno.test("unassigned queue, search across conversations, snooze", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    await user.register();
    const mk = async (message: string) =>
      (await user.post("/api/chat/rooms", { subject: "Question", message })).body.room;
    const a = await mk("My invoice for the bakery template is wrong");
    const b = await mk("How do custom domains work?");
    const anon = server.client();
    const g =
      (await anon.post("/api/chat/guest", { message: "Is the bakery template responsive?" }))
        .body.room;
    // Let the assistant answer every first message (it may change a room's status).
    for (const id of [a.id, b.id, g.id]) {
      await eventually(async () =>
        (await admin.get(`/api/chat/rooms/${id}/messages`)).body.items.length >= 2
      );
    }
    const ids = async (path: string) =>
      (await admin.get(path)).body.items.map((r: any) => r.id).sort();

    await t.step(
      "unassigned: every open room nobody took; assigning or resolving leaves it",
      async () => {
        assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [a.id, b.id, g.id].sort());
        await admin.post(`/api/admin/chat/rooms/${a.id}/assign`, {});
        await admin.post(`/api/admin/chat/rooms/${b.id}/resolve`);
        assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [g.id]);
        assert.deepEqual(await ids("/api/chat/rooms?assigned=none&status=resolved"), []);
        // The assistant may move the guest's room to waiting_admin: filter by its status now.
        const gStatus = (await admin.get(`/api/chat/rooms/${g.id}`)).body.room.status;
        const other = gStatus === "open" ? "waiting_admin" : "open";
        assert.deepEqual(await ids(`/api/chat/rooms?assigned=none&status=${gStatus}`), [g.id]);
        assert.deepEqual(await ids(`/api/chat/rooms?assigned=none&status=${other}`), []);
        await admin.post(`/api/admin/chat/rooms/${b.id}/reopen`);
        assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [b.id, g.id].sort());
        // A user's own list ignores the queue filter (nothing of others shows).
        assert.deepEqual((await user.get("/api/chat/rooms?assigned=none")).body.items, []);
        assert.equal((await admin.get("/api/chat/rooms?assigned=nobody")).status, 422);
      },
    );

    await t.step(
      "search finds rooms by every word, staff only; notes are not searched",
      async () => {
        await admin.post(`/api/chat/rooms/${b.id}/messages`, {
          message: "secretword in a note",
          private: true,
        });
        const search = (q: string) => ids(`/api/admin/chat/search?q=${encodeURIComponent(q)}`);
        assert.deepEqual(await search("bakery"), [a.id, g.id].sort());
        assert.deepEqual(await search("Bakery INVOICE"), [a.id]);
        assert.deepEqual(await search("domains"), [b.id]);
        assert.deepEqual(await search("secretword"), []);
        assert.deepEqual(await search("nothing-like-this"), []);
        assert.equal((await admin.get("/api/admin/chat/search?q=%20")).status, 422);
        assert.equal((await admin.get(`/api/admin/chat/search?q=${"x".repeat(300)}`)).status, 422);
        assert.equal((await user.get("/api/admin/chat/search?q=bakery")).status, 403);
        const page = await admin.request("GET", "/admin/support?q=invoice", {
          headers: { accept: "text/html" },
        });
        assert.equal(page.status, 200);
      },
    );

    await t.step("snooze: out of the queue until the time, or until the user writes", async () => {
      const snooze = (id: string, until: string | null) =>
        admin.post(`/api/admin/chat/rooms/${id}/snooze`, { until });
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      assert.equal((await snooze(b.id, soon)).status, 200);
      assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [g.id]);
      assert.deepEqual(await ids("/api/chat/rooms?snoozed=1"), [b.id]);
      // The user writes: the room is back.
      await user.post(`/api/chat/rooms/${b.id}/messages`, { message: "Any news?" });
      assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [b.id, g.id].sort());
      assert.deepEqual(await ids("/api/chat/rooms?snoozed=1"), []);
      // The time comes: the room is back by itself.
      assert.equal((await snooze(g.id, new Date(Date.now() + 300).toISOString())).status, 200);
      assert.deepEqual(await ids("/api/chat/rooms?assigned=none"), [b.id]);
      await eventually(async () => (await ids("/api/chat/rooms?assigned=none")).length === 2);
      assert.equal((await admin.get(`/api/chat/rooms/${g.id}`)).body.room.snoozedUntil, null);
      // Bad times → 422; users → 403.
      for (
        const until of [
          new Date(Date.now() - 1000).toISOString(),
          "tomorrow",
          "2999-01-01T00:00:00Z",
        ]
      ) {
        assert.equal((await snooze(b.id, until)).status, 422, until);
      }
      assert.equal(
        (await user.post(`/api/admin/chat/rooms/${b.id}/snooze`, { until: soon })).status,
        403,
      );
    });

    await t.step(
      "office hours: outside them the hand-over says when a person answers",
      async () => {
        const status = async () => (await server.client().get("/api/chat/status")).body;
        assert.deepEqual(await status(), { open: true, awayMessage: null, replyTime: null });
        const closed = {
          timezone: "Asia/Ho_Chi_Minh",
          days: [],
          awayMessage: "Our team is away right now.",
          replyTime: "We reply within one business day",
        };
        const put = await admin.put("/api/admin/chat/office-hours", closed);
        assert.equal(put.status, 200, put.text);
        assert.equal((await status()).open, false);
        assert.equal((await status()).awayMessage, "Our team is away right now.");
        const room = (await user.post("/api/chat/rooms", {
          subject: "Human",
          message: "I want to talk to a human",
        })).body.room;
        const ai = await eventually(async () =>
          (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items.find((m: any) =>
            m.senderType === "ai"
          )
        );
        assert.match(
          ai.message,
          /Our team is away right now\. \(We reply within one business day\)/,
        );
        // Open every day, all day: no away note.
        const always = Array.from(
          { length: 7 },
          (_, day) => ({ day, open: "00:00", close: "24:00" }),
        );
        await admin.put("/api/admin/chat/office-hours", { ...closed, days: always });
        assert.equal((await status()).open, true);
        const room2 = (await user.post("/api/chat/rooms", {
          subject: "Human",
          message: "I want to talk to a human",
        })).body.room;
        const ai2 = await eventually(async () =>
          (await user.get(`/api/chat/rooms/${room2.id}/messages`)).body.items.find((m: any) =>
            m.senderType === "ai"
          )
        );
        assert.doesNotMatch(ai2.message, /away right now/);
        for (
          const bad of [
            { ...closed, timezone: "Mars/Olympus" },
            { ...closed, days: [{ day: 7, open: "09:00", close: "17:00" }] },
            { ...closed, days: [{ day: 1, open: "18:00", close: "09:00" }] },
            { ...closed, awayMessage: "" },
          ]
        ) {
          assert.equal((await admin.put("/api/admin/chat/office-hours", bad)).status, 422);
        }
        assert.equal((await user.put("/api/admin/chat/office-hours", closed)).status, 403);
      },
    );
  } finally {
    await server.close();
  }
});
