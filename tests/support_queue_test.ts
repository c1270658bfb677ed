// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The helpdesk's views: the "unassigned" queue follows assignment and resolution, and search
// finds conversations by the words of their messages (staff only).
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

Deno.test("unassigned queue and search across conversations", async (t) => {
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
        assert.deepEqual(await ids("/api/chat/rooms?assigned=none&status=open"), [g.id]);
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
  } finally {
    await server.close();
  }
});
