// /api/admin/users: search users, change role, suspend or restore.
import { Hono } from "hono";
import { adminUpdateUser, listUsers, userPatchSchema } from "../../../lib/admin.ts";
import { type AppEnv, jsonBody } from "../../../lib/http.ts";
import { requireAdmin } from "../../../lib/session.ts";

const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  requireAdmin(c);
  await next();
});

app.get("/", async (c) => {
  const items = await listUsers({
    q: c.req.query("q"),
    role: c.req.query("role"),
  });
  return c.json({ items, cursor: null });
});

app.patch("/:id", async (c) => {
  const patch = await jsonBody(c, userPatchSchema);
  return c.json({
    user: await adminUpdateUser(requireAdmin(c), c.req.param("id"), patch),
  });
});

export default app;
