import { Hono } from "hono";
import { STARTERS } from "../../lib/pages/starters.ts";

const app = new Hono();

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
