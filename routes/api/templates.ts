import { Hono } from "hono";
import { etag } from "hono/etag";
import { STARTERS } from "../../lib/pages/starters.ts";

const app = new Hono();

// Public lists that change rarely: a client revalidates with If-None-Match and gets a 304.
app.use("*", etag());

app.get("/", (c) =>
  c.json({
    items: STARTERS.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      blocks: s.content().blocks.map((b) => b.type),
    })),
    cursor: null,
  }));

export default app;
