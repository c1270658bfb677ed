// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Email when away (and transcripts by email): staff replies to a user or guest who is not in the conversation arrive as one
// digest email with a link back, never with private notes; a reader who saw them gets none.
import assert from "node:assert/strict";
import { eventually, jobsSettled, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { awayDigest } from "../lib/chat/index.ts";
import { keys, kv } from "../lib/kv/index.ts";
import { listMail } from "../lib/mail/index.ts";

/** The reader left: drop the room's presence (the "just posted" mark lasts 30 s). */
async function leave(roomId: string) {
  for await (const e of kv().list({ prefix: keys.chatPresences(roomId) })) await kv().delete(e.key);
}

/** Support digests sent to `to` (sign-up sends a verification email too). */
const mailsTo = async (to: string) =>
  (await listMail({ limit: 100 })).items.filter((m: any) =>
    m.to === to && m.subject.startsWith("New reply from LandingHub support")
  );

Deno.test("email when away: one digest of staff replies, no private notes, none if read", async (t) => {
  awayDigest.delayMs = 400;
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);

    await t.step("a user away gets one digest with both replies and a link", async () => {
      const user = server.client();
      await user.register("away@example.com", "Away User");
      const room = (await user.post("/api/chat/rooms", { subject: "Billing", message: "Hi" })).body
        .room;
      await leave(room.id);
      for (const message of ["First reply", "Second reply"]) {
        await admin.post(`/api/chat/rooms/${room.id}/messages`, { message });
      }
      await admin.post(`/api/chat/rooms/${room.id}/messages`, {
        message: "SECRET staff note",
        private: true,
      });
      const mails = await eventually(async () => {
        const m = await mailsTo("away@example.com");
        return m.some((x: any) => x.subject.includes("reply")) ? m : null;
      }, 5000);
      // No second mail follows: every digest job queued by these replies has run.
      await jobsSettled({ type: "chat.away_digest" });
      const digests = (await mailsTo("away@example.com")).filter((x: any) =>
        x.subject.includes("reply")
      );
      assert.equal(digests.length, 1, JSON.stringify(mails));
      assert.match(digests[0].text, /First reply/);
      assert.match(digests[0].text, /Second reply/);
      assert.doesNotMatch(digests[0].text, /SECRET/);
      assert.ok(digests[0].text.includes(`/support?room=${room.id}`));
    });

    await t.step("a guest who left an email gets the digest too", async () => {
      const anon = server.client();
      const guest = (await anon.post("/api/chat/guest", {
        message: "Hello",
        email: "guest-away@example.com",
      })).body;
      await leave(guest.room.id);
      await admin.post(`/api/chat/rooms/${guest.room.id}/messages`, {
        message: "Note for staff only",
        private: true,
      });
      await admin.post(`/api/chat/rooms/${guest.room.id}/messages`, { message: "We can help!" });
      const mail = await eventually(async () => (await mailsTo("guest-away@example.com"))[0], 5000);
      assert.match(mail.text, /We can help!/);
      assert.doesNotMatch(mail.text, /staff only/);
    });

    await t.step("a user who read the replies (or watches the room) gets no email", async () => {
      const user = server.client();
      await user.register("present@example.com", "Present");
      const room = (await user.post("/api/chat/rooms", { subject: "Q", message: "Hi" })).body.room;
      await leave(room.id);
      await admin.post(`/api/chat/rooms/${room.id}/messages`, { message: "Reply you will read" });
      await user.post(`/api/chat/rooms/${room.id}/read`);
      // The reply's digest job has run (and found the reply read).
      await jobsSettled({ type: "chat.away_digest" });
      assert.deepEqual(await mailsTo("present@example.com"), []);
    });

    await t.step(
      "a transcript by email holds the conversation, never the private notes",
      async () => {
        const user = server.client();
        await user.register("transcript@example.com", "T");
        const room = (await user.post("/api/chat/rooms", { subject: "Export", message: "Hello" }))
          .body.room;
        await admin.post(`/api/chat/rooms/${room.id}/messages`, { message: "Public answer" });
        await admin.post(`/api/chat/rooms/${room.id}/messages`, {
          message: "INTERNAL ONLY",
          private: true,
        });
        const res = await user.post(`/api/chat/rooms/${room.id}/transcript`);
        assert.equal(res.status, 202, res.text);
        assert.equal(res.body.sentTo, "transcript@example.com");
        const mail = (await listMail({ limit: 100 })).items.find((m: any) =>
          m.to === "transcript@example.com" && m.subject.startsWith("Your LandingHub support")
        )!;
        assert.match(mail.text, /You: Hello/);
        assert.match(mail.text, /Support: Public answer/);
        assert.doesNotMatch(mail.text, /INTERNAL/);
        // Not the room's user: an admin → 403, another user → 404; a guest without email → 422.
        assert.equal((await admin.post(`/api/chat/rooms/${room.id}/transcript`)).status, 403);
        const other = server.client();
        await other.register();
        assert.equal((await other.post(`/api/chat/rooms/${room.id}/transcript`)).status, 404);
        const anon = server.client();
        const g = (await anon.post("/api/chat/guest", { message: "no email" })).body;
        const noEmail = await anon.post(`/api/chat/rooms/${g.room.id}/transcript`, {}, {
          headers: { authorization: `Guest ${g.guestToken}` },
        });
        assert.equal(noEmail.status, 422);
      },
    );
  } finally {
    awayDigest.delayMs = 5 * 60_000;
    await server.close();
  }
});
