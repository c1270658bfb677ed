// /api/chat: support rooms, messages and the room's live stream (its user and admins only).
import { Hono } from "hono";
import { openSupportRoom, postMessage } from "../../lib/ai.ts";
import {
  createRoomSchema,
  getRoomFor,
  listMessages,
  listRooms,
  markRead,
  messageSchema,
  roomTopic,
} from "../../lib/chat.ts";
import { type AppEnv, jsonBody } from "../../lib/http.ts";
import { parseLimit } from "../../lib/kv.ts";
import { sseResponse } from "../../lib/realtime.ts";
import { requireUser } from "../../lib/session.ts";

const app = new Hono<AppEnv>();

app.post("/rooms", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createRoomSchema);
  const { room, message } = await openSupportRoom(user, input);
  return c.json({ room, message }, 201);
});

app.get("/rooms", async (c) => {
  const user = requireUser(c);
  const items = await listRooms(user, {
    status: c.req.query("status"),
    assigned: c.req.query("assigned"),
  });
  return c.json({ items, cursor: null });
});

app.get("/rooms/:id", async (c) => {
  return c.json({ room: await getRoomFor(requireUser(c), c.req.param("id")) });
});

app.get("/rooms/:id/messages", async (c) => {
  const room = await getRoomFor(requireUser(c), c.req.param("id"));
  const items = await listMessages(room.id, {
    after: c.req.query("after"),
    before: c.req.query("before"),
    limit: parseLimit(c.req.query("limit"), 50),
  });
  return c.json({ items, cursor: null });
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
  return await sseResponse(c.req.raw, [roomTopic(room.id)]);
});

export default app;
