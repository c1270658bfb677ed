// /api/pages/:id/leads: the owner's leads of one page, their status and tags, and CSV export.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import {
  leadPatchSchema,
  leadsCsvStream,
  listLeads,
  updateLead,
} from "../../../lib/leads/index.ts";
import { getOwnPage } from "../../../lib/pages/index.ts";
import { requireUser } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/:id/leads", async (c) => {
  const user = requireUser(c);
  return c.json(await listLeads(user.id, c.req.param("id"), c.req.query()));
});

app.get("/:id/leads.csv", async (c) => {
  const user = requireUser(c);
  // Streamed from KV in batches: constant memory, first bytes at once (lib/leads/csv.ts).
  const csv = await leadsCsvStream(user.id, c.req.param("id"));
  // Named after the page's address and the day: leads-rocket-saas-2026-11-25.csv (slugs are
  // lowercase letters, digits and hyphens, so the name needs no quoting beyond the quotes).
  const { slug } = await getOwnPage(user.id, c.req.param("id"));
  const day = new Date().toISOString().slice(0, 10);
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="leads-${slug}-${day}.csv"`,
  });
});

app.patch("/:id/leads/:leadId", async (c) => {
  const user = requireUser(c);
  const patch = await jsonBody(c, leadPatchSchema);
  return c.json({
    lead: await updateLead(user.id, c.req.param("id"), c.req.param("leadId"), patch),
  });
});

export default app;
