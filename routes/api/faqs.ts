// /api/faqs: the public FAQ entries, paged (?limit=, ?cursor=).
import { Hono } from "hono";
import { etag } from "hono/etag";
import { listFaqsPage } from "../../lib/chat/faqs.ts";
import { pageParams } from "../../lib/kv/index.ts";

const app = new Hono();

// Public lists that change rarely: a client revalidates with If-None-Match and gets a 304.
app.use("*", etag());

app.get("/", async (c) => c.json(await listFaqsPage(pageParams(c.req.query()))));

export default app;
