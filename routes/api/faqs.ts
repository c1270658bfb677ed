import { Hono } from "hono";
import { listFaqs } from "../../lib/faqs.ts";

const app = new Hono();

app.get("/", async (c) => c.json({ items: await listFaqs(), cursor: null }));

export default app;
