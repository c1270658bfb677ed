// GET /uploads/:id: uploaded images (public, like the pages that show them).
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/index.ts";
import { serveBlob } from "../lib/uploads/index.ts";

const app = new Hono<AppEnv>();

app.get("/:id", (c) => serveBlob(c.req.param("id")));

export default app;
