// /api/sites/:slug/chat: the support widget of a published page (lib/chat/site-widget.ts). Called
// cross-origin from the site itself, so it answers only the site's own Origin (403 otherwise,
// preflights included) with CORS headers for that origin alone; main.ts skips its same-origin
// guard here for that reason. The visitor is a guest: `Authorization: Guest <token>`, or on the
// event stream (EventSource cannot send headers) a `token` query parameter.
import { Hono, type MiddlewareHandler } from "hono";
import {
  listOwnerRooms,
  ownerMessages,
  ownerReply,
  ownerRoom,
  postWidgetMessage,
  requireSiteOrigin,
  roomTopic,
  startWidgetChat,
  userTopic,
  widgetGuestRoom,
  widgetMessages,
  widgetMessageSchema,
  widgetStartSchema,
} from "../../lib/chat/index.ts";
import { config } from "../../lib/config.ts";
import { type AppEnv, clientIp, jsonBody } from "../../lib/http/index.ts";
import { publicRoute, requireUser, streamGuard } from "../../lib/http/session.ts";
import { listParams } from "../../lib/kv/index.ts";
import { sseResponse } from "../../lib/realtime/index.ts";

const app = new Hono<AppEnv>();

// Every widget request: the site's origin or 403; the CORS answer names that origin only.
// (Set on the response after the route: a stream's Response is built outside Hono's context.)
const siteOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  await requireSiteOrigin(c.req.param("slug")!, origin);
  await next();
  c.res.headers.set("access-control-allow-origin", origin!);
  c.res.headers.append("vary", "Origin");
};
app.use("/:slug/chat", siteOnly);
app.use("/:slug/chat/*", siteOnly);

const preflight = (c: { body: (b: null, s: 204, h: Record<string, string>) => Response }) =>
  c.body(null, 204, {
    "access-control-allow-methods": "GET, POST",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
  });
app.options("/:slug/chat", publicRoute, (c) => preflight(c));
app.options("/:slug/chat/*", publicRoute, (c) => preflight(c));

const guestToken = (header: string | undefined) =>
  header?.startsWith("Guest ") ? header.slice(6).trim() : undefined;

/** A visitor's first message: the room and the guest token that opens it. */
app.post("/:slug/chat", publicRoute, async (c) => {
  const input = await jsonBody(c, widgetStartSchema);
  const ip = clientIp(c, config().trustProxy);
  return c.json(await startWidgetChat(c.req.param("slug"), input, ip), 201);
});

app.get("/:slug/chat/messages", publicRoute, async (c) => {
  const token = guestToken(c.req.header("authorization"));
  return c.json({ messages: await widgetMessages(c.req.param("slug"), token) });
});

app.post("/:slug/chat/messages", publicRoute, async (c) => {
  const { message } = await jsonBody(c, widgetMessageSchema);
  const token = guestToken(c.req.header("authorization"));
  const ip = clientIp(c, config().trustProxy);
  return c.json({ message: await postWidgetMessage(c.req.param("slug"), token, message, ip) }, 201);
});

/** The visitor's live stream: the room's messages (the owner's answers). */
app.get("/:slug/chat/events", publicRoute, async (c) => {
  const slug = c.req.param("slug");
  const token = c.req.query("token");
  const { room } = await widgetGuestRoom(slug, token);
  return await sseResponse(c.req.raw, [roomTopic(room.id)], {
    stillAllowed: async () => {
      try {
        await widgetGuestRoom(slug, token);
        return true;
      } catch {
        return false;
      }
    },
  });
});

export default app;

/**
 * /api/conversations: the page owner's side of the widget (signed in): the conversations of
 * their pages, one conversation's messages, and the owner's answer (live to the visitor).
 */
export const conversationsApi = new Hono<AppEnv>();

conversationsApi.get("/", async (c) => {
  const user = requireUser(c);
  const { limit, cursor } = listParams(c.req.query());
  return c.json(await listOwnerRooms(user.id, { limit, cursor }));
});

/**
 * The inbox's live stream: the owner's conversation list changes (room snapshots of widget
 * rooms only) and, with ?room=, that conversation's messages.
 */
conversationsApi.get("/events", async (c) => {
  const user = requireUser(c);
  const roomId = c.req.query("room");
  const room = roomId ? await ownerRoom(user.id, roomId) : null;
  const topics = [userTopic(user.id), ...(room ? [roomTopic(room.id)] : [])];
  return await sseResponse(c.req.raw, topics, {
    map: (ev) => {
      const data = ev.data as { site?: { ownerId: string }; roomId?: string };
      if (ev.type === "room") return data.site?.ownerId === user.id ? ev : null;
      if (ev.type === "message") return room && data.roomId === room.id ? ev : null;
      return null;
    },
    stillAllowed: streamGuard(c),
  });
});

conversationsApi.get("/:id/messages", async (c) => {
  const user = requireUser(c);
  return c.json({ messages: await ownerMessages(user.id, c.req.param("id")) });
});

conversationsApi.post("/:id/messages", async (c) => {
  const user = requireUser(c);
  const { message } = await jsonBody(c, widgetMessageSchema);
  return c.json({ message: await ownerReply(user.id, c.req.param("id"), message) }, 201);
});
