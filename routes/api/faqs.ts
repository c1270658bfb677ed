// /api/faqs: the public FAQ entries, paged (?limit=, ?cursor=).
import { Hono } from "hono";
import { listFaqsPage } from "../../lib/chat/faqs.ts";
import { pageParams } from "../../lib/kv/index.ts";

const app = new Hono();

app.get("/", async (c) => c.json(await listFaqsPage(pageParams(c.req.query()))));

export default app;
