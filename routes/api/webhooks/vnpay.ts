// GET /api/webhooks/vnpay: VNPay's IPN (checksummed query, no session). VNPay reads the answer
// from a 200 JSON body `{ RspCode, Message }` whatever happened.
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/index.ts";
import { handleVnpayIpn } from "../../../lib/payments/index.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => c.json(await handleVnpayIpn(c.req.query())));

export default app;
