// /api/pages: the signed-in user's pages (another user's page is a 404).
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { parseLimit } from "../../../lib/kv/index.ts";
import { z } from "zod";
import { generateContent, starterContent } from "../../../lib/pages/starters.ts";
import {
  clonePage,
  createPage,
  createPageSchema,
  deletePage,
  getOwnPage,
  listOwnPages,
  listRevisions,
  restoreRevision,
  toView,
  updatePage,
  updatePageSchema,
} from "../../../lib/pages/index.ts";
import { publishPage, unpublishPage } from "../../../lib/sites/index.tsx";
import { requireUser } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createPageSchema);
  const locale = input.locale ?? c.get("locale");
  const content = input.templateId || input.locale
    ? starterContent(input.templateId ?? "blank", locale)
    : undefined;
  const page = await createPage(user.id, { name: input.name, slug: input.slug, content });
  return c.json({ page: toView(page) }, 201);
});

const generateSchema = z.object({
  description: z.string().trim().min(10, "Describe the page in a sentence or more").max(2000),
  name: z.string().trim().min(1).max(120).optional(),
  /** The page's language; default: the description's own (its letters), else English. */
  locale: z.enum(["en", "vi", "th"]).optional(),
});

app.post("/generate", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, generateSchema);
  const { content, name, source } = await generateContent(input.description, {
    locale: input.locale,
  });
  const page = await createPage(user.id, { name: input.name ?? name, content });
  return c.json({ page: toView(page), source }, 201);
});

app.post("/:id/duplicate", async (c) => {
  const user = requireUser(c);
  const page = await clonePage(await getOwnPage(user.id, c.req.param("id")), user.id);
  return c.json({ page: toView(page) }, 201);
});

app.get("/:id/revisions", async (c) => {
  const user = requireUser(c);
  return c.json({ items: await listRevisions(user.id, c.req.param("id")), cursor: null });
});

app.post("/:id/revisions/:revId/restore", async (c) => {
  const user = requireUser(c);
  const { version } = await jsonBody(c, z.object({ version: z.number().int().min(1) }));
  const page = await restoreRevision(user.id, c.req.param("id"), c.req.param("revId"), version);
  return c.json({ page: toView(page) });
});

app.get("/", async (c) => {
  const user = requireUser(c);
  const { items, cursor } = await listOwnPages(user.id, {
    limit: parseLimit(c.req.query("limit")),
    cursor: c.req.query("cursor"),
  });
  return c.json({ items: items.map(toView), cursor });
});

app.get("/:id", async (c) => {
  const user = requireUser(c);
  return c.json({ page: toView(await getOwnPage(user.id, c.req.param("id"))) });
});

app.put("/:id", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, updatePageSchema);
  return c.json({
    page: toView(await updatePage(user.id, c.req.param("id"), input)),
  });
});

app.delete("/:id", async (c) => {
  const user = requireUser(c);
  await deletePage(user.id, c.req.param("id"));
  return c.body(null, 204);
});

app.post("/:id/publish", async (c) => {
  const user = requireUser(c);
  return c.json({ page: await publishPage(user.id, c.req.param("id")) });
});

app.post("/:id/unpublish", async (c) => {
  const user = requireUser(c);
  return c.json({ page: await unpublishPage(user.id, c.req.param("id")) });
});

export default app;
