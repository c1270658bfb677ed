// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Images in chat: a message carries images its poster uploaded through the upload store; other
// people's uploads, unknown ids and guests are refused with a 422.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function upload(client: Client) {
  const form = new FormData();
  form.append("file", new File([PNG], "shot.png", { type: "image/png" }));
  const res = await client.request("POST", "/api/uploads", { body: form });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

Deno.test("chat attachments: own uploaded images only", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const user = server.client();
    await user.register();
    const other = server.client();
    await other.register();
    const room = (await user.post("/api/chat/rooms", { subject: "Bug", message: "Look" })).body
      .room;
    const mine = await upload(user);
    const theirs = await upload(other);
    const post = (client: Client, body: unknown, headers = {}) =>
      client.post(`/api/chat/rooms/${room.id}/messages`, body, { headers });

    const ok = await post(user, { message: "Screenshot", attachments: [mine] });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.message.attachments, [
      { id: mine, url: `/uploads/${mine}`, contentType: "image/png" },
    ]);
    const seen = await admin.get(`/api/chat/rooms/${room.id}/messages`);
    assert.ok(seen.body.items.some((m: any) => m.attachments?.[0]?.id === mine));
    const img = await fetch(`${server.origin}/uploads/${mine}`);
    assert.equal(img.headers.get("content-type"), "image/png");
    await img.body?.cancel();

    assert.equal((await post(user, { message: "x", attachments: [theirs] })).status, 422);
    assert.equal(
      (await post(user, { message: "x", attachments: ["01JZZZZZZZZZZZZZZZZZZZZZZZ"] })).status,
      422,
    );
    assert.equal((await post(user, { message: "x", attachments: ["../etc"] })).status, 422);
    assert.equal(
      (await post(user, { message: "x", attachments: [mine, mine, mine, mine, mine] })).status,
      422,
    );
    const anon = server.client();
    const g = (await anon.post("/api/chat/guest", { message: "hi" })).body;
    const guestPost = await anon.post(`/api/chat/rooms/${g.room.id}/messages`, {
      message: "x",
      attachments: [mine],
    }, { headers: { authorization: `Guest ${g.guestToken}` } });
    assert.equal(guestPost.status, 422);
  } finally {
    await server.close();
  }
});
