// /api/chat: support rooms, messages and the room's live stream (its user and admins only), and
// one combined stream per page for the chat UI (a room, the room list and notifications).
import { Hono } from "hono";
import { z } from "zod";
import { openSupportRoom, postMessage } from "../../lib/ai/assistant.ts";
import {
  ADMINS_TOPIC,
  createRoomSchema,
  getRoomFor,
  listMessages,
  listRooms,
  markRead,
  messageSchema,
  type Room,
  roomTopic,
  userTopic,
  watchRoom,
} from "../../lib/chat/index.ts";
import { type AppEnv, invalid, jsonBody, parseWith, queryEnum } from "../../lib/http/index.ts";
import { listParams, newId, parseLimit } from "../../lib/kv/index.ts";
import { isNotification, notificationTopics } from "../../lib/notifications/index.ts";
import { type RtEvent, sseResponse } from "../../lib/realtime/index.ts";
import { requireUser, streamGuard } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/rooms", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createRoomSchema);
  const { room, message } = await openSupportRoom(user, input);
  return c.json({ room, message }, 201);
});

const roomsQuery = z.object({
  status: queryEnum(["open", "waiting_admin", "assigned", "resolved"]),
  assigned: queryEnum(["me"]),
});

app.get("/rooms", async (c) => {
  const user = requireUser(c);
  // In the inbox's order: by latest message (admins: by priority first), over the inbox index.
  const filter = parseWith(roomsQuery, c.req.query());
  return c.json(await listRooms(user, filter, listParams(c.req.query())));
});

app.get("/rooms/:id", async (c) => {
  return c.json({ room: await getRoomFor(requireUser(c), c.req.param("id")) });
});

app.get("/rooms/:id/messages", async (c) => {
  const room = await getRoomFor(requireUser(c), c.req.param("id"));
  // Oldest first within a page. Without `after`, a full page's `cursor` (its oldest id, the same
  // as `?before=`) reads the page of older messages: history pages by KV range, never a scan.
  const after = c.req.query("after");
  const limit = parseLimit(c.req.query("limit"));
  const items = await listMessages(room.id, {
    after,
    before: c.req.query("before") ?? c.req.query("cursor"),
    limit,
  });
  const cursor = !after && items.length === limit ? items[0].id : null;
  return c.json({ items, cursor });
});

app.post("/rooms/:id/messages", async (c) => {
  const user = requireUser(c);
  const { message } = await jsonBody(c, messageSchema);
  const result = await postMessage(user, c.req.param("id"), message);
  return c.json({ message: result.message, room: result.room }, 201);
});

app.post("/rooms/:id/read", async (c) => {
  return c.json({ room: await markRead(requireUser(c), c.req.param("id")) });
});

app.get("/rooms/:id/events", async (c) => {
  const room = await getRoomFor(requireUser(c), c.req.param("id"));
  return await sseResponse(c.req.raw, [roomTopic(room.id)], { stillAllowed: streamGuard(c) });
});

/**
 * GET /api/chat/events?topics=notifications,rooms,room:<id> — everything a page's chat UI shows,
 * on one stream (browsers allow 6 connections per host over HTTP/1.1, so one per page, not one per
 * widget). Each topic is authorised on its own:
 * - `notifications`: the viewer's notifications (as /api/notifications/events);
 * - `rooms`: `room` snapshots for a room list, of every room for admins, of their own for users;
 * - `room:<id>`: that room's `message` and `room` events (its user or an admin; 404 otherwise).
 * A fresh stream starts with a `ready` event whose id is a cursor: reconnecting with it as
 * Last-Event-ID (or `?lastEventId=`), with the same or other topics, replays what came after.
 */
app.get("/events", async (c) => {
  const user = requireUser(c);
  const asked = [...new Set((c.req.query("topics") ?? "notifications").split(",").filter(Boolean))];
  if (asked.length > 8) throw invalid("Too many topics", { topics: "at most 8" });
  const topics = new Set<string>();
  const rooms = new Set<string>();
  const own: string[] = [];
  let notifications = false;
  let lists = false;
  for (const topic of asked) {
    if (topic === "notifications") {
      notifications = true;
      for (const t of notificationTopics(user)) topics.add(t);
    } else if (topic === "rooms") {
      lists = true;
      topics.add(user.role === "admin" ? ADMINS_TOPIC : userTopic(user.id));
    } else if (topic.startsWith("room:") && topic.length <= 69) {
      const room = await getRoomFor(user, topic.slice(5));
      rooms.add(room.id);
      topics.add(roomTopic(room.id));
      if (room.userId === user.id) own.push(room.id);
    } else {
      throw invalid("Unknown topic", { topics: "notifications, rooms or room:<id>" });
    }
  }
  const given = c.req.header("last-event-id") || c.req.query("lastEventId");
  const resumed = !!given && given.length <= 64; // as sseResponse reads it
  const res = await sseResponse(c.req.raw, [...topics], {
    stillAllowed: streamGuard(c),
    initial: resumed ? [] : [{ id: newId(), type: "ready", data: { topics: asked } }],
    // The topics overlap (a user's own topic carries notifications and room snapshots), so each
    // event goes out only if it belongs to a topic that was asked for.
    map: (ev: RtEvent) => {
      if (ev.type === "message") return ev;
      if (ev.type === "room") return lists || rooms.has((ev.data as Room).id) ? ev : null;
      return notifications && isNotification(ev) ? ev : null;
    },
  });
  if (!own.length) return res;
  // While this stream is open its user is looking at their rooms: the assistant's replies there
  // don't need a notification.
  const stops = own.map((id) => watchRoom(id, user.id));
  return onClose(res, () => stops.forEach((stop) => stop()));
});

/** The same response, calling `done` once when its body ends or the client goes away. */
function onClose(res: Response, done: () => void): Response {
  const reader = res.body!.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) (finished = true), done();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) {
        finish();
        controller.close();
      } else controller.enqueue(chunk.value);
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, headers: res.headers });
}

export default app;
