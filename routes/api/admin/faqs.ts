// /api/admin/faqs: the FAQ the assistant answers from (admins only: see _middleware.ts).
import { Hono } from "hono";
import { deleteFaq, faqSchema, saveFaq } from "../../../lib/chat/faqs.ts";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { requireAdmin } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  const input = await jsonBody(c, faqSchema);
  return c.json({ faq: await saveFaq(requireAdmin(c), input) }, 201);
});

app.put("/:id", async (c) => {
  const input = await jsonBody(c, faqSchema);
  return c.json({ faq: await saveFaq(requireAdmin(c), input, c.req.param("id")) });
});

app.delete("/:id", async (c) => {
  await deleteFaq(requireAdmin(c), c.req.param("id"));
  return c.body(null, 204);
});

export default app;
