// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Canned replies (admins only): create, list by shortcut, edit, delete; shortcuts are unique even
// when two admins race for one; bad input is a 4xx.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

Deno.test("canned replies: CRUD, unique shortcuts under races, admins only", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    await user.register();
    let hello: any;

    await t.step("create and list (by shortcut)", async () => {
      const res = await admin.post("/api/admin/canned-replies", {
        shortcut: "Hello",
        title: "Greeting",
        text: "Hi! Thanks for reaching out.",
      });
      assert.equal(res.status, 201, res.text);
      hello = res.body.reply;
      assert.equal(hello.shortcut, "hello");
      await admin.post("/api/admin/canned-replies", {
        shortcut: "bye",
        title: "Closing",
        text: "Glad I could help!",
      });
      const list = await admin.get("/api/admin/canned-replies");
      assert.deepEqual(list.body.items.map((r: any) => r.shortcut), ["bye", "hello"]);
    });

    await t.step("bad input → 422/400, a taken shortcut → 409", async () => {
      for (
        const body of [
          {},
          { shortcut: "has space", title: "x", text: "y" },
          { shortcut: "ok", title: "", text: "y" },
          { shortcut: "ok", title: "x", text: "" },
          { shortcut: "x".repeat(31), title: "x", text: "y" },
        ]
      ) {
        assert.equal((await admin.post("/api/admin/canned-replies", body)).status, 422);
      }
      const dup = await admin.post("/api/admin/canned-replies", {
        shortcut: "hello",
        title: "Again",
        text: "Again",
      });
      assert.equal(dup.status, 409);
      const rename = await admin.put(`/api/admin/canned-replies/${hello.id}`, {
        shortcut: "bye",
        title: "Greeting",
        text: "Hi!",
      });
      assert.equal(rename.status, 409);
    });

    await t.step("parallel creates of one shortcut: exactly one wins", async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          admin.post("/api/admin/canned-replies", {
            shortcut: "refund",
            title: `Refund ${i}`,
            text: "Refunds take 5 days.",
          })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [
        201,
        409,
        409,
        409,
        409,
        409,
        409,
        409,
      ]);
      const list = await admin.get("/api/admin/canned-replies");
      assert.equal(list.body.items.filter((r: any) => r.shortcut === "refund").length, 1);
    });

    await t.step("edit (and rename) frees the old shortcut; delete → 204, then 404", async () => {
      const put = await admin.put(`/api/admin/canned-replies/${hello.id}`, {
        shortcut: "hi",
        title: "Greeting",
        text: "Hi there!",
      });
      assert.equal(put.status, 200);
      assert.equal(put.body.reply.text, "Hi there!");
      const reuse = await admin.post("/api/admin/canned-replies", {
        shortcut: "hello",
        title: "New hello",
        text: "Hello!",
      });
      assert.equal(reuse.status, 201);
      assert.equal((await admin.delete(`/api/admin/canned-replies/${hello.id}`)).status, 204);
      assert.equal((await admin.delete(`/api/admin/canned-replies/${hello.id}`)).status, 404);
      assert.equal(
        (await admin.put(`/api/admin/canned-replies/${"x".repeat(500)}`, {
          shortcut: "zz",
          title: "t",
          text: "t",
        })).status,
        404,
      );
      const list = await admin.get("/api/admin/canned-replies");
      assert.deepEqual(list.body.items.map((r: any) => r.shortcut), ["bye", "hello", "refund"]);
    });

    await t.step("users get 403, anonymous 401", async () => {
      assert.equal((await user.get("/api/admin/canned-replies")).status, 403);
      assert.equal(
        (await user.post("/api/admin/canned-replies", { shortcut: "a", title: "b", text: "c" }))
          .status,
        403,
      );
      assert.equal((await server.client().get("/api/admin/canned-replies")).status, 401);
    });
  } finally {
    await server.close();
  }
});
