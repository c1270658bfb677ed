// /api/admin/chat: support room actions and the admins' event stream (admins only).
import { Hono } from "hono";
import { z } from "zod";
import { getUser } from "../../../lib/auth/index.ts";
import {
  ADMINS_TOPIC,
  assignRoom,
  getOfficeHours,
  officeHoursSchema,
  patchRoom,
  reopenRoom,
  resolveRoom,
  roomPatchSchema,
  searchRooms,
  setOfficeHours,
  snoozeRoom,
  snoozeSchema,
} from "../../../lib/chat/index.ts";
import { type AppEnv, invalid, jsonBody } from "../../../lib/http/index.ts";
import { requireAdmin, streamGuard } from "../../../lib/http/session.ts";
import { sseResponse } from "../../../lib/realtime/index.ts";

const app = new Hono<AppEnv>();

app.post("/rooms/:id/assign", async (c) => {
  const admin = requireAdmin(c);
  const { adminId } = await jsonBody(c, z.object({ adminId: z.string().max(40).optional() }));
  const assignee = adminId ? await getUser(adminId) : admin;
  if (!assignee || assignee.role !== "admin") {
    throw invalid("Assign the room to an admin", { adminId: "not an admin" });
  }
  const { room } = await assignRoom(admin, c.req.param("id"), assignee.id, assignee.name);
  return c.json({ room });
});

app.post("/rooms/:id/resolve", async (c) => {
  const { room } = await resolveRoom(requireAdmin(c), c.req.param("id"));
  return c.json({ room });
});

app.post("/rooms/:id/reopen", async (c) => {
  const { room } = await reopenRoom(requireAdmin(c), c.req.param("id"));
  return c.json({ room });
});

/** Snooze a room until `until` (it leaves the unassigned queue meanwhile), or wake it (null). */
app.post("/rooms/:id/snooze", async (c) => {
  const { until } = await jsonBody(c, snoozeSchema);
  const { room } = await snoozeRoom(requireAdmin(c), c.req.param("id"), until);
  return c.json({ room });
});

/** Office hours and the away message the assistant adds to hand-overs outside them. */
app.get("/office-hours", async (c) => c.json({ hours: await getOfficeHours() }));
app.put("/office-hours", async (c) => {
  requireAdmin(c);
  const input = await jsonBody(c, officeHoursSchema);
  return c.json({ hours: await setOfficeHours(input) });
});

app.patch("/rooms/:id", async (c) => {
  const patch = await jsonBody(c, roomPatchSchema);
  const { room } = await patchRoom(requireAdmin(c), c.req.param("id"), patch);
  return c.json({ room });
});

/** Search across conversations: rooms whose user and staff messages hold every word of `q`. */
app.get("/search", async (c) => {
  const q = c.req.query("q") ?? "";
  if (q.length > 200) throw invalid("Search is too long", { q: "at most 200 characters" });
  return c.json({ items: await searchRooms(q) });
});

app.get(
  "/events",
  async (c) => await sseResponse(c.req.raw, [ADMINS_TOPIC], { stillAllowed: streamGuard(c) }),
);

export default app;
