// /api/admin/users: search users, change role, suspend or restore.
import { Hono } from "hono";
import { adminUpdateUser, listUsers, userPatchSchema } from "../../../lib/admin/index.ts";
import { z } from "zod";
import { type AppEnv, jsonBody, parseWith, queryEnum } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

const userQuery = z.object({
  q: z.string().max(200).optional(),
  role: queryEnum(["user", "admin"]),
});

app.get("/", async (c) => {
  const { q, role } = parseWith(userQuery, c.req.query());
  return c.json(await listUsers({ q, role }, listParams(c.req.query())));
});

app.patch("/:id", async (c) => {
  const patch = await jsonBody(c, userPatchSchema);
  return c.json({
    user: await adminUpdateUser(requireAdmin(c), c.req.param("id"), patch),
  });
});

export default app;
