import { Hono } from "hono";
import { keys, kv } from "../../lib/kv/index.ts";

const app = new Hono();

app.get("/", async (c) => {
  try {
    await kv().get(keys.config("health"));
    return c.json({ ok: true, kv: "ok" });
  } catch {
    return c.json({ ok: false, kv: "unavailable" }, 503);
  }
});

export default app;
