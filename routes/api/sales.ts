// GET /api/sales: the signed-in seller's orders (one page, by KV cursor) and balance.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import {
  getBalances,
  pageOrdersOfSeller,
  primaryBalance,
  publicBalances,
} from "../../lib/payments/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const page = listParams(c.req.query());
  const [orders, all] = await Promise.all([
    pageOrdersOfSeller(user.id, page),
    getBalances(user.id),
  ]);
  // `balance` is the primary one (the contract's); `balances` has one entry per currency.
  return c.json({ ...orders, balance: primaryBalance(all), balances: publicBalances(all) });
});

export default app;
