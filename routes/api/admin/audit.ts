// /api/admin/audit: the most recent admin actions (who, what, when, before/after).
import { Hono } from "hono";
import { listAudit } from "../../../lib/admin/index.ts";
import type { AppEnv } from "../../../lib/http/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  requireAdmin(c);
  const limit = Math.min(Math.max(Number(c.req.query("limit")) || 100, 1), 500);
  return c.json({ items: await listAudit(limit) });
});

export default app;
