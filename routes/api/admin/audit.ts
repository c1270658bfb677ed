// /api/admin/audit: the admin actions, newest first, paged (who, what, when, before/after).
import { Hono } from "hono";
import { listAuditPage } from "../../../lib/admin/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import type { AppEnv } from "../../../lib/http/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  requireAdmin(c);
  return c.json(await listAuditPage(listParams(c.req.query())));
});

export default app;
