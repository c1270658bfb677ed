// Admin: support room actions and FAQ management.
import { Hono } from "hono";
import { z } from "zod";
import { getUser } from "../../../lib/auth/index.ts";
import {
  ADMINS_TOPIC,
  assignRoom,
  patchRoom,
  reopenRoom,
  resolveRoom,
  roomPatchSchema,
} from "../../../lib/chat/index.ts";
import { deleteFaq, faqSchema, saveFaq } from "../../../lib/chat/faqs.ts";
import { type AppEnv, invalid, jsonBody } from "../../../lib/http/index.ts";
import { requireAdmin, streamGuard } from "../../../lib/http/session.ts";
import { sseResponse } from "../../../lib/realtime/index.ts";

const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  requireAdmin(c);
  await next();
});

app.post("/chat/rooms/:id/assign", async (c) => {
  const admin = requireAdmin(c);
  const { adminId } = await jsonBody(c, z.object({ adminId: z.string().max(40).optional() }));
  const assignee = adminId ? await getUser(adminId) : admin;
  if (!assignee || assignee.role !== "admin") {
    throw invalid("Assign the room to an admin", { adminId: "not an admin" });
  }
  const { room } = await assignRoom(admin, c.req.param("id"), assignee.id, assignee.name);
  return c.json({ room });
});

app.post("/chat/rooms/:id/resolve", async (c) => {
  const { room } = await resolveRoom(requireAdmin(c), c.req.param("id"));
  return c.json({ room });
});

app.post("/chat/rooms/:id/reopen", async (c) => {
  const { room } = await reopenRoom(requireAdmin(c), c.req.param("id"));
  return c.json({ room });
});

app.patch("/chat/rooms/:id", async (c) => {
  const patch = await jsonBody(c, roomPatchSchema);
  const { room } = await patchRoom(requireAdmin(c), c.req.param("id"), patch);
  return c.json({ room });
});

app.get(
  "/chat/events",
  async (c) => await sseResponse(c.req.raw, [ADMINS_TOPIC], { stillAllowed: streamGuard(c) }),
);

app.post("/faqs", async (c) => {
  const input = await jsonBody(c, faqSchema);
  return c.json({ faq: await saveFaq(requireAdmin(c), input) }, 201);
});

app.put("/faqs/:id", async (c) => {
  const input = await jsonBody(c, faqSchema);
  return c.json({ faq: await saveFaq(requireAdmin(c), input, c.req.param("id")) });
});

app.delete("/faqs/:id", async (c) => {
  await deleteFaq(requireAdmin(c), c.req.param("id"));
  return c.body(null, 204);
});

export default app;
