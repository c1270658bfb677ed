// /api/domains/check: the "ask" endpoint of an on-demand TLS proxy (Caddy's on_demand_tls): 200
// lets it get a certificate for the hostname, 404 refuses. Public: the proxy has no session.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { isActiveDomain } from "../../lib/domains/index.ts";

const app = new Hono<AppEnv>();

app.get("/check", async (c) => {
  const domain = c.req.query("domain") ?? "";
  if (domain && await isActiveDomain(domain)) return c.json({ ok: true });
  return c.json({ error: { code: "not_found", message: "Not an active custom domain" } }, 404);
});

export default app;
