// /api/notifications: a signed-in user's live notifications (sales, orders, chat, reviews, leads).
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { pageParams } from "../../lib/kv/index.ts";
import {
  isNotification,
  markNotificationsRead,
  notificationTopics,
  recentNotifications,
} from "../../lib/notifications/index.ts";
import { sseResponse } from "../../lib/realtime/index.ts";
import { requireUser, streamGuard } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  return c.json(await recentNotifications(user, pageParams(c.req.query())));
});

app.post("/read", async (c) => {
  const user = requireUser(c);
  const { upTo } = await jsonBody(c, z.object({ upTo: z.string().min(1).max(40) }));
  await markNotificationsRead(user, upTo);
  return c.json({ ok: true });
});

app.get("/events", async (c) => {
  const user = requireUser(c);
  return await sseResponse(c.req.raw, notificationTopics(user), {
    map: (ev) => (isNotification(ev) ? ev : null),
    stillAllowed: streamGuard(c),
  });
});

export default app;
