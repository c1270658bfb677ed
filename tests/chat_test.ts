// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
import assert from "node:assert/strict";
import {
  type Client,
  eventually,
  readEvents,
  roomWaitingForAdmin,
  startTestServer,
  type TestServer,
} from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { userIsWatching } from "../lib/chat/index.ts";
import { keys, kv } from "../lib/kv/index.ts";
import { DEMO_FAQS } from "../lib/seed/faqs.ts";

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
        // readEvents fails the test when no AI reply arrives within 2 s.
        const events = await readEvents(
          res,
          (evs) => evs.some((e) => e.event === "message" && e.data.senderType === "ai"),
          2000,
        );
        const ai = events.find((e) => e.event === "message" && e.data.senderType === "ai")!;
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
        // The same question in a room nobody has taken, asked after it: once the assistant has
        // answered that one, it has had its chance to answer in the assigned room too.
        const control = (await user.post("/api/chat/rooms", {
          subject: "Control",
          message: "Thanks! How do I publish?",
        })).body.room;
        const controlStream = await stream(
          server,
          user,
          `/api/chat/rooms/${control.id}/events?lastEventId=0`,
        );
        await readEvents(
          controlStream,
          (evs) => evs.some((e) => e.event === "message" && e.data.senderType === "ai"),
        );
        const events = await readEvents(
          userStream,
          (evs) => evs.some((e) => e.data?.message === "Thanks! How do I publish?"),
        );
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

Deno.test("one stream per page: GET /api/chat/events authorises each topic and carries room lists", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    await seedFaqs(admin);
    const ann = server.client();
    await ann.register("ann@example.com", "Ann");
    const bob = server.client();
    await bob.register("bob@example.com", "Bob");
    const annRoom = await roomWaitingForAdmin(ann, "Ann's room");
    const bobRoom = await roomWaitingForAdmin(bob, "Bob's room");

    await t.step("each topic is authorised: others' rooms 404, unknown topics 422", async () => {
      const res = await stream(server, bob, `/api/chat/events?topics=rooms,room:${annRoom}`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
      const bad = await stream(server, bob, "/api/chat/events?topics=admins");
      assert.equal(bad.status, 422);
      await bad.body?.cancel();
      const anon = await fetch(`${server.origin}/api/chat/events?topics=rooms`);
      assert.equal(anon.status, 401);
      await anon.body?.cancel();
    });

    await t.step("admins' room list hears every new message: preview, unread, time", async () => {
      const res = await stream(server, admin, "/api/chat/events?topics=notifications,rooms");
      assert.equal(res.status, 200);
      const posted = bob.post(`/api/chat/rooms/${bobRoom}/messages`, { message: "More details" });
      const events = await readEvents(
        res,
        (evs) => evs.some((e) => e.event === "room" && e.data.lastMessage === "More details"),
        2000,
      );
      await posted;
      assert.equal(events[0].event, "ready", "a fresh stream starts with its cursor");
      const room = events.find((e) => e.event === "room" && e.data.lastMessage === "More details")!;
      assert.equal(room.data.id, bobRoom);
      assert.equal(room.data.unreadAdmin, 2);
      assert.equal(room.data.status, "waiting_admin");
    });

    await t.step(
      "a user's list hears only their own rooms; the room topic adds its messages",
      async () => {
        const res = await stream(
          server,
          ann,
          `/api/chat/events?topics=notifications,rooms,room:${annRoom}`,
        );
        assert.equal(res.status, 200);
        await bob.post(`/api/chat/rooms/${bobRoom}/messages`, { message: "Bob again" });
        await admin.post(`/api/chat/rooms/${annRoom}/messages`, { message: "Hi Ann, Ada here" });
        const events = await readEvents(
          res,
          (evs) =>
            evs.some((e) => e.event === "room" && e.data.lastMessage === "Hi Ann, Ada here") &&
            evs.some((e) => e.event === "message" && e.data.message === "Hi Ann, Ada here") &&
            evs.some((e) => e.event === "chat"),
          2000,
        );
        const rooms = events.filter((e) => e.event === "room");
        assert.ok(rooms.length > 0);
        assert.ok(rooms.every((e) => e.data.id === annRoom), "never another user's room");
        const last = rooms.at(-1)!.data;
        assert.equal(last.status, "assigned");
        assert.equal(last.unreadUser, 2);
        assert.ok(events.some((e) => e.event === "chat" && e.data.roomId === annRoom));
      },
    );

    await t.step(
      "the ready cursor resumes with other topics and replays what was missed",
      async () => {
        const first = await stream(server, ann, "/api/chat/events?topics=notifications");
        const [ready] = await readEvents(first, (evs) => evs.length > 0, 2000);
        assert.equal(ready.event, "ready");
        await admin.post(`/api/chat/rooms/${annRoom}/messages`, { message: "while you were away" });
        const res = await stream(
          server,
          ann,
          `/api/chat/events?topics=notifications,room:${annRoom}`,
          ready.id,
        );
        const events = await readEvents(
          res,
          (evs) => evs.some((e) => e.data?.message === "while you were away"),
          2000,
        );
        assert.ok(!events.some((e) => e.event === "ready"), "no new cursor when resuming");
        assert.ok(
          events.some((e) => e.event === "message" && e.data.message === "while you were away"),
        );
      },
    );

    await t.step("the contract streams are unchanged", async () => {
      const notes = await stream(server, ann, "/api/notifications/events");
      const room = await stream(server, ann, `/api/chat/rooms/${annRoom}/events`);
      const list = await stream(server, admin, "/api/admin/chat/events");
      await admin.post(`/api/chat/rooms/${annRoom}/messages`, { message: "contract check" });
      const [n, r, l] = await Promise.all([
        readEvents(notes, (evs) => evs.some((e) => e.event === "chat"), 2000),
        readEvents(room, (evs) => evs.some((e) => e.event === "message"), 2000),
        readEvents(list, (evs) => evs.some((e) => e.event === "room"), 2000),
      ]);
      assert.ok(n.every((e) => e.event === "chat"), "notifications only");
      assert.equal(r.find((e) => e.event === "message")!.data.message, "contract check");
      assert.equal(l.find((e) => e.event === "room")!.data.lastMessage, "contract check");
    });
  } finally {
    await server.close();
  }
});

Deno.test("the assistant's replies don't ring the bell of a user who is in the chat; admin replies do", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    await seedFaqs(admin);
    const user = server.client();
    const me = await user.register("bell@example.com", "Bella");
    const chatNotes = async () =>
      (await user.get("/api/notifications")).body.items.filter((n: any) => n.type === "chat");

    // Asking in the chat: the answer shows up in the chat, not in the bell.
    const room = (await user.post("/api/chat/rooms", {
      subject: "Publishing",
      message: "How do I publish my landing page?",
    })).body.room;
    await eventually(async () =>
      (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items.length === 2
    );
    await user.post(`/api/chat/rooms/${room.id}/messages`, {
      message: "How do I reset my password?",
    });
    await eventually(async () =>
      (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items.length === 4
    );
    assert.deepEqual(await chatNotes(), []);

    // An admin's reply rings it.
    await admin.post(`/api/chat/rooms/${room.id}/messages`, { message: "Anything else?" });
    const notes = await eventually(async () => {
      const n = await chatNotes();
      return n.length ? n : null;
    });
    assert.equal(notes.length, 1);
    assert.equal(notes[0].data.body, "Anything else?");

    // Presence: an open stream on the room (as its user) marks them as watching until it closes.
    const posted = keys.chatPresence(room.id, `post-${me.id}`);
    await kv().delete(posted);
    const full = (await user.get(`/api/chat/rooms/${room.id}`)).body.room;
    assert.equal(await userIsWatching(full), false);
    const adminWatch = await stream(server, admin, `/api/chat/events?topics=room:${room.id}`);
    await readEvents(adminWatch, (evs) => evs.length > 0, 1000);
    assert.equal(await userIsWatching(full), false, "an admin watching is not the user");
    const res = await stream(server, user, `/api/chat/events?topics=notifications,room:${room.id}`);
    const reader = res.body!.getReader();
    await reader.read();
    await eventually(() => userIsWatching(full));
    await reader.cancel();
    await eventually(async () => !(await userIsWatching(full)));
  } finally {
    await server.close();
  }
});

Deno.test("open event streams end when their session does: logout, suspension, demotion", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const [leaver, suspended, demoted] = [server.client(), server.client(), server.client()];
    await leaver.register();
    const suspendedUser = await suspended.register();
    const demotedUser = await demoted.register();
    await admin.patch(`/api/admin/users/${demotedUser.id}`, { role: "admin" });
    const room = await roomWaitingForAdmin(suspended, "Still listening?");
    const streams = [
      await stream(server, leaver, "/api/notifications/events"),
      await stream(server, suspended, `/api/chat/events?topics=notifications,room:${room}`),
      await stream(server, demoted, "/api/dashboard/events"),
    ];
    assert.deepEqual(streams.map((s) => s.status), [200, 200, 200]);
    assert.equal((await leaver.post("/api/auth/logout")).status, 204);
    await admin.patch(`/api/admin/users/${suspendedUser.id}`, { suspended: true });
    await admin.patch(`/api/admin/users/${demotedUser.id}`, { role: "user" });
    // Each stream closes at its next check (every 5 s), without the client doing anything.
    const ended = await Promise.all(streams.map(async (res) => {
      const reader = res.body!.getReader();
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
        ]);
        if (chunk === null) break;
        if (chunk.done) return true;
      }
      await reader.cancel();
      return false;
    }));
    assert.deepEqual(ended, [true, true, true]);
  } finally {
    await server.close();
  }
});
