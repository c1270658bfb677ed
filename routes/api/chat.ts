// /api/chat: support rooms, messages and the room's live stream (its user and admins only), and
// one combined stream per page for the chat UI (a room, the room list and notifications). Guests
// (POST /guest) use the room routes with `Authorization: Guest <token>`: those routes carry the
// `signedInOrGuest` guard, the others `signedIn` (the router is mounted "per-route"). Admins'
// reads and streams include the staff-only notes; nobody else's do.
import { Hono } from "hono";
import { z } from "zod";
import { openSupportRoom, postMessage } from "../../lib/ai/assistant.ts";
import {
  ADMINS_TOPIC,
  claimGuestRoom,
  createRoomSchema,
  emailTranscript,
  getRoomFor,
  guestClaimSchema,
  guestOf,
  guestStartSchema,
  listRoomMessages,
  listRooms,
  markRead,
  messageSchema,
  rateRoom,
  ratingSchema,
  type Room,
  roomTopic,
  signedInOrGuest,
  staffRoomTopic,
  startGuestChat,
  supportStatus,
  userTopic,
  viewerOf,
  viewerStreamGuard,
  watchRoom,
} from "../../lib/chat/index.ts";
import { config } from "../../lib/config.ts";
import {
  type AppEnv,
  clientIp,
  invalid,
  jsonBody,
  parseWith,
  queryEnum,
} from "../../lib/http/index.ts";
import { listParams, newId, parseLimit } from "../../lib/kv/index.ts";
import { isNotification, notificationTopics } from "../../lib/notifications/index.ts";
import { type RtEvent, sseResponse } from "../../lib/realtime/index.ts";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();
const viewerGuard = signedInOrGuest;

/** A visitor without an account asks a question: a room and the token that opens it. */
app.post("/guest", publicRoute, async (c) => {
  const input = await jsonBody(c, guestStartSchema);
  const { room, message, guestToken } = await startGuestChat(
    input,
    clientIp(c, config().trustProxy),
  );
  return c.json({ room, message, guestToken }, 201);
});

/** Whether support is within office hours now, and the away message when not (public). */
app.get("/status", publicRoute, async (c) => c.json(await supportStatus()));

/** A guest who signed up or in keeps the conversation: the token moves its room to the account. */
app.post("/guest/claim", signedIn, async (c) => {
  const user = requireUser(c);
  const { guestToken } = await jsonBody(c, guestClaimSchema);
  return c.json({ room: await claimGuestRoom(user, guestToken) });
});

app.post("/rooms", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createRoomSchema);
  const { room, message } = await openSupportRoom(user, input);
  return c.json({ room, message }, 201);
});

const roomsQuery = z.object({
  status: queryEnum(["open", "waiting_admin", "assigned", "resolved"]),
  assigned: queryEnum(["me", "none"]),
  snoozed: queryEnum(["1"]),
});

app.get("/rooms", viewerGuard, async (c) => {
  const user = viewerOf(c);
  // In the inbox's order: by latest message (admins: by priority first), over the inbox index.
  const filter = parseWith(roomsQuery, c.req.query());
  return c.json(await listRooms(user, filter, listParams(c.req.query())));
});

app.get("/rooms/:id", viewerGuard, async (c) => {
  return c.json({ room: await getRoomFor(viewerOf(c), c.req.param("id")) });
});

app.get("/rooms/:id/messages", viewerGuard, async (c) => {
  const viewer = viewerOf(c);
  const room = await getRoomFor(viewer, c.req.param("id"));
  // Oldest first within a page. Without `after`, a full page's `cursor` (its oldest id, the same
  // as `?before=`) reads the page of older messages: history pages by KV range, never a scan.
  const after = c.req.query("after");
  const limit = parseLimit(c.req.query("limit"));
  const items = await listRoomMessages(viewer, room.id, {
    after,
    before: c.req.query("before") ?? c.req.query("cursor"),
    limit,
  });
  const cursor = !after && items.length === limit ? items[0].id : null;
  return c.json({ items, cursor });
});

app.post("/rooms/:id/messages", viewerGuard, async (c) => {
  const input = await jsonBody(c, messageSchema);
  const result = await postMessage(viewerOf(c), c.req.param("id"), input.message, {
    private: input.private,
    ip: clientIp(c, config().trustProxy),
    attachments: input.attachments,
  });
  return c.json({ message: result.message, room: result.room }, 201);
});

app.post("/rooms/:id/read", viewerGuard, async (c) => {
  return c.json({ room: await markRead(viewerOf(c), c.req.param("id")) });
});

/** CSAT: the room's own user or guest rates it once, after it was resolved. */
app.post("/rooms/:id/rating", viewerGuard, async (c) => {
  const input = await jsonBody(c, ratingSchema);
  return c.json({ rating: await rateRoom(viewerOf(c), c.req.param("id"), input) }, 201);
});

/** The conversation's transcript, emailed to the room's own user or guest (no private notes). */
app.post("/rooms/:id/transcript", viewerGuard, async (c) => {
  return c.json(await emailTranscript(viewerOf(c), c.req.param("id"), c.get("locale")), 202);
});

/** A room's topics for `viewer`: its own, and for staff its notes too. */
const roomTopics = (viewer: { role: string }, id: string) =>
  viewer.role === "admin" ? [roomTopic(id), staffRoomTopic(id)] : [roomTopic(id)];

app.get("/rooms/:id/events", viewerGuard, async (c) => {
  const viewer = viewerOf(c);
  const room = await getRoomFor(viewer, c.req.param("id"));
  return await sseResponse(c.req.raw, roomTopics(viewer, room.id), {
    stillAllowed: viewerStreamGuard(c),
  });
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
app.get("/events", viewerGuard, async (c) => {
  const user = viewerOf(c);
  const guest = guestOf(c);
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
      // A guest has no notifications of its own beyond its room's (userTopic of its guest id).
      for (const t of guest ? [userTopic(guest.id)] : notificationTopics(requireUser(c))) {
        topics.add(t);
      }
    } else if (topic === "rooms") {
      lists = true;
      topics.add(user.role === "admin" ? ADMINS_TOPIC : userTopic(user.id));
    } else if (topic.startsWith("room:") && topic.length <= 69) {
      const room = await getRoomFor(user, topic.slice(5));
      rooms.add(room.id);
      for (const t of roomTopics(user, room.id)) topics.add(t);
      if (room.userId === user.id) own.push(room.id);
    } else {
      throw invalid("Unknown topic", { topics: "notifications, rooms or room:<id>" });
    }
  }
  const given = c.req.header("last-event-id") || c.req.query("lastEventId");
  const resumed = !!given && given.length <= 64; // as sseResponse reads it
  // While this stream is open its user is looking at their rooms: the assistant's replies there
  // don't need a notification.
  const stops = own.map((id) => watchRoom(id, user.id));
  return await sseResponse(c.req.raw, [...topics], {
    stillAllowed: viewerStreamGuard(c),
    initial: resumed ? [] : [{ id: newId(), type: "ready", data: { topics: asked } }],
    // The topics overlap (a user's own topic carries notifications and room snapshots), so each
    // event goes out only if it belongs to a topic that was asked for.
    map: (ev: RtEvent) => {
      if (ev.type === "message") return ev;
      if (ev.type === "room") return lists || rooms.has((ev.data as Room).id) ? ev : null;
      return notifications && isNotification(ev) ? ev : null;
    },
    onClose: stops.length ? () => stops.forEach((stop) => stop()) : undefined,
  });
});

export default app;
