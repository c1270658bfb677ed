// /api/admin/marketplace: listing moderation (admins only: see _middleware.ts).
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody, parseWith, queryEnum } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import { listListingsByStatus, reviewListing } from "../../../lib/market/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

const listingQuery = z.object({
  status: queryEnum(["pending", "approved", "rejected", "archived"]),
});

app.get("/", async (c) => {
  const { status } = parseWith(listingQuery, c.req.query());
  return c.json(await listListingsByStatus(status, listParams(c.req.query())));
});

app.post("/:id/approve", async (c) => {
  return c.json({
    listing: await reviewListing(requireAdmin(c), c.req.param("id"), { approve: true }),
  });
});

app.post("/:id/reject", async (c) => {
  const { reason } = await jsonBody(c, z.object({ reason: z.string().trim().min(3).max(1000) }));
  const listing = await reviewListing(requireAdmin(c), c.req.param("id"), {
    approve: false,
    reason,
  });
  return c.json({ listing });
});

export default app;
