// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
import assert from "node:assert/strict";
import {
  type Client,
  eventually,
  readEvents,
  startTestServer,
  type TestServer,
} from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { DEMO_FAQS } from "../lib/seed-faqs.ts";

function stream(server: TestServer, client: Client, path: string, lastEventId?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${client.token}` };
  if (lastEventId) headers["last-event-id"] = lastEventId;
  return fetch(server.origin + path, { headers });
}

async function seedFaqs(admin: Client) {
  for (const faq of DEMO_FAQS) assert.equal((await admin.post("/api/admin/faqs", faq)).status, 201);
}

Deno.test("support chat with the local assistant, hand-off to a human, live streams", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    await seedFaqs(admin);
    const user = server.client();
    await user.register("chatter@example.com", "Chatty");
    let roomId = "";

    await t.step(
      "a new room gets an AI reply on its stream within 2 s, citing the FAQ",
      async () => {
        const created = await user.post("/api/chat/rooms", {
          subject: "Publishing",
          message: "How do I publish my landing page?",
        });
        assert.equal(created.status, 201);
        roomId = created.body.room.id;
        assert.equal(created.body.room.status, "open");
        const res = await stream(server, user, `/api/chat/rooms/${roomId}/events?lastEventId=0`);
        assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
        const started = Date.now();
        const events = await readEvents(
          res,
          (evs) => evs.some((e) => e.event === "message" && e.data.senderType === "ai"),
          2000,
        );
        const ai = events.find((e) => e.event === "message" && e.data.senderType === "ai");
        assert.ok(ai, "no AI reply within 2 s");
        assert.ok(Date.now() - started < 2000);
        assert.match(ai.data.message, /Publish/);
        assert.equal(ai.data.sources.faqIds.length, 1);
        const history = await user.get(`/api/chat/rooms/${roomId}/messages`);
        assert.deepEqual(history.body.items.map((m: any) => m.senderType), ["user", "ai"]);
      },
    );

    await t.step("another user can neither read nor stream the room", async () => {
      const other = server.client();
      await other.register();
      assert.equal((await other.get(`/api/chat/rooms/${roomId}/messages`)).status, 404);
      assert.equal(
        (await other.post(`/api/chat/rooms/${roomId}/messages`, { message: "hi" })).status,
        404,
      );
      const res = await stream(server, other, `/api/chat/rooms/${roomId}/events`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
      assert.deepEqual((await other.get("/api/chat/rooms")).body.items, []);
      assert.equal((await other.post(`/api/admin/chat/rooms/${roomId}/assign`)).status, 403);
      assert.equal((await other.post("/api/admin/faqs", DEMO_FAQS[0])).status, 403);
    });

    await t.step(
      "asking for a human → waiting_admin, and the admins' notification stream hears it",
      async () => {
        const adminStream = await stream(server, admin, "/api/notifications/events");
        const posted = await user.post(`/api/chat/rooms/${roomId}/messages`, {
          message: "I want to talk to a human please",
        });
        assert.equal(posted.status, 201);
        const events = await readEvents(
          adminStream,
          (evs) => evs.some((e) => e.event === "chat"),
          2000,
        );
        const chat = events.find((e) => e.event === "chat");
        assert.ok(chat, "admins were not notified");
        assert.equal(chat.data.roomId, roomId);
        const room = await eventually(async () => {
          const r = (await user.get(`/api/chat/rooms/${roomId}`)).body.room;
          return r.status === "waiting_admin" ? r : null;
        });
        assert.equal(room.status, "waiting_admin");
        const waiting = await admin.get("/api/chat/rooms?status=waiting_admin");
        assert.deepEqual(waiting.body.items.map((r: any) => r.id), [roomId]);
      },
    );

    let lastSeen = "";
    await t.step(
      "after an admin is assigned and replies, the user hears it and the AI stays quiet",
      async () => {
        const before = (await user.get(`/api/chat/rooms/${roomId}/messages`)).body.items;
        const userStream = await stream(server, user, `/api/chat/rooms/${roomId}/events`);
        const assigned = await admin.post(`/api/admin/chat/rooms/${roomId}/assign`, {});
        assert.equal(assigned.status, 200);
        assert.equal(assigned.body.room.status, "assigned");
        const reply = await admin.post(`/api/chat/rooms/${roomId}/messages`, {
          message: "Hi, I'm Ada from support.",
        });
        assert.equal(reply.status, 201);
        assert.equal(reply.body.message.senderType, "admin");
        await user.post(`/api/chat/rooms/${roomId}/messages`, {
          message: "Thanks! How do I publish?",
        });
        const events = await readEvents(userStream, () => false, 1200);
        const messages = events.filter((e) => e.event === "message").map((e) => e.data);
        assert.ok(messages.some((m) => m.senderType === "admin" && m.message.includes("Ada")));
        assert.ok(events.some((e) => e.event === "room" && e.data.status === "assigned"));
        assert.ok(
          !messages.some((m) => m.senderType === "ai"),
          "the assistant must stop once an admin is assigned",
        );
        const after = (await user.get(`/api/chat/rooms/${roomId}/messages`)).body.items;
        assert.equal(
          after.filter((m: any) => m.senderType === "ai").length,
          before.filter((m: any) => m.senderType === "ai").length,
        );
        lastSeen = events.at(-1)!.id!;
      },
    );

    await t.step(
      "reconnecting with Last-Event-ID delivers what was missed exactly once",
      async () => {
        await admin.post(`/api/chat/rooms/${roomId}/messages`, { message: "missed one" });
        await admin.post(`/api/chat/rooms/${roomId}/messages`, { message: "missed two" });
        const res = await stream(server, user, `/api/chat/rooms/${roomId}/events`, lastSeen);
        const live = admin.post(`/api/chat/rooms/${roomId}/messages`, { message: "live three" });
        const events = await readEvents(
          res,
          (evs) => evs.some((e) => e.data?.message === "live three"),
          2000,
        );
        await live;
        await new Promise((r) => setTimeout(r, 50));
        const texts = events.filter((e) => e.event === "message").map((e) => e.data.message);
        assert.deepEqual(texts, ["missed one", "missed two", "live three"]);
      },
    );

    await t.step("resolve and reopen; unread counts", async () => {
      const resolved = await admin.post(`/api/admin/chat/rooms/${roomId}/resolve`);
      assert.equal(resolved.body.room.status, "resolved");
      const room = (await user.get(`/api/chat/rooms/${roomId}`)).body.room;
      assert.ok(room.unreadUser > 0);
      const read = await user.post(`/api/chat/rooms/${roomId}/read`);
      assert.equal(read.body.room.unreadUser, 0);
      const reopened = await admin.post(`/api/admin/chat/rooms/${roomId}/reopen`);
      assert.equal(reopened.body.room.status, "assigned");
      const tagged = await admin.patch(`/api/admin/chat/rooms/${roomId}`, {
        tags: ["publishing"],
        priority: "high",
      });
      assert.deepEqual(tagged.body.room.tags, ["publishing"]);
    });

    await t.step("a refund question escalates with high priority", async () => {
      const created = await user.post("/api/chat/rooms", {
        subject: "Money",
        message: "I was charged twice, I need a refund",
      });
      const room = await eventually(async () => {
        const r = (await user.get(`/api/chat/rooms/${created.body.room.id}`)).body.room;
        return r.status === "waiting_admin" ? r : null;
      });
      assert.equal(room.priority, "high");
    });
  } finally {
    await server.close();
  }
});

/** A stand-in for the Gemini REST API: `reply` decides each answer. */
function fakeGemini(reply: (body: any) => Response) {
  const calls: any[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const body = await req.json();
    calls.push({ url: req.url, body });
    return reply(body);
  });
  return { server, calls, url: `http://127.0.0.1:${server.addr.port}` };
}

const geminiText = (obj: unknown) =>
  Response.json({
    candidates: [{
      content: { role: "model", parts: [{ text: JSON.stringify(obj) }] },
      finishReason: "STOP",
    }],
  });

Deno.test("the Gemini path: context from FAQ and listings, and a failing model escalates politely", async () => {
  let fail = false;
  const gemini = fakeGemini(() =>
    fail
      ? Response.json({
        error: { code: 400, message: "model exploded", status: "INVALID_ARGUMENT" },
      }, { status: 400 })
      : geminiText({
        answer: "Press Publish in the editor.",
        escalate: false,
        confidence: 0.9,
        faqIds: [],
        listingIds: [],
      })
  );
  const server = await startTestServer({
    ...ADMIN_ENV,
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: gemini.url,
  });
  try {
    const admin = await adminClient(server);
    await seedFaqs(admin);
    const user = server.client();
    await user.register();
    const room = (await user.post("/api/chat/rooms", {
      subject: "Q",
      message: "How do I publish my landing page?",
    })).body.room;
    const ai = await eventually(async () =>
      (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items.find((m: any) =>
        m.senderType === "ai"
      )
    );
    assert.equal(ai.message, "Press Publish in the editor.");
    assert.equal(gemini.calls.length, 1);
    const sent = JSON.stringify(gemini.calls[0].body);
    assert.match(sent, /How do I publish my landing page\?/, "the conversation is sent");
    assert.match(sent, /FAQ .*publish/i, "the most relevant FAQ entries are sent as context");
    assert.match(gemini.calls[0].url, /generateContent/);

    fail = true;
    const posted = await user.post(`/api/chat/rooms/${room.id}/messages`, {
      message: "And how do custom slugs work?",
    });
    assert.equal(posted.status, 201);
    const after = await eventually(async () => {
      const r = (await user.get(`/api/chat/rooms/${room.id}`)).body.room;
      return r.status === "waiting_admin" ? r : null;
    }, 5000);
    assert.equal(after.status, "waiting_admin");
    const messages = (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items;
    assert.deepEqual(messages.map((m: any) => m.senderType), ["user", "ai", "user", "ai"]);
    assert.match(messages[3].message, /support team/);
    assert.equal(messages[2].message, "And how do custom slugs work?", "nothing is lost");
  } finally {
    await server.close();
    await gemini.server.shutdown();
  }
});
