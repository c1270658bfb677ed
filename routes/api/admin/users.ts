// /api/admin/users: search users, change role, suspend or restore; export or delete an account
// for the user (data rights, recorded in the audit log).
import { Hono } from "hono";
import { adminUpdateUser, listUsers, userPatchSchema } from "../../../lib/admin/index.ts";
import { z } from "zod";
import { type AppEnv, jsonBody, parseWith, queryEnum } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";
import { adminDeleteAccount, adminExportAccount } from "../../../lib/account/index.ts";

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

app.get("/:id/export", async (c) => {
  const id = c.req.param("id");
  const data = await adminExportAccount(requireAdmin(c), id);
  return c.json(data, 200, {
    "content-disposition": `attachment; filename="landinghub-export-${id}.json"`,
    "cache-control": "no-store",
  });
});

/** `confirmBalance`: delete even though the seller has money available (the 409 names it). */
export const adminDeleteSchema = z.object({ confirmBalance: z.boolean().optional() });

app.delete("/:id", async (c) => {
  const { confirmBalance } = await jsonBody(c, adminDeleteSchema);
  await adminDeleteAccount(requireAdmin(c), c.req.param("id"), { confirmBalance });
  return c.body(null, 204);
});

export default app;
