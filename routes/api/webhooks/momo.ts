// POST /api/webhooks/momo: MoMo's IPN (signed JSON, no session, no Origin check): 204 once
// handled, a 4xx for a refused notification.
import { Hono } from "hono";
import { type AppEnv, badRequest } from "../../../lib/http/index.ts";
import { handleMomoIpn } from "../../../lib/payments/index.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest("The body is not valid JSON", "malformed_json");
  }
  await handleMomoIpn(body);
  return c.body(null, 204);
});

export default app;
