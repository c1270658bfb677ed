// /api/admin/canned-replies: staff's saved answers, completed by `/shortcut` in the admin chat
// composer (admins only: see _middleware.ts).
import { Hono } from "hono";
import {
  cannedSchema,
  createCanned,
  deleteCanned,
  listCanned,
  updateCanned,
} from "../../../lib/chat/index.ts";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => c.json({ items: await listCanned() }));

app.post("/", async (c) => {
  const input = await jsonBody(c, cannedSchema);
  return c.json({ reply: await createCanned(requireAdmin(c).id, input) }, 201);
});

app.put("/:id", async (c) => {
  const input = await jsonBody(c, cannedSchema);
  return c.json({ reply: await updateCanned(c.req.param("id"), input) });
});

app.delete("/:id", async (c) => {
  await deleteCanned(c.req.param("id"));
  return c.body(null, 204);
});

export default app;
