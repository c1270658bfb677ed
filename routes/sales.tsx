// /sales: the seller's sales, balance and payout requests.
import { config } from "../lib/config.ts";
import { getBalance } from "../lib/auth/index.ts";
import { Hono } from "hono";
import { Alert, DoneNotice } from "../components/Form.tsx";
import { type AppEnv, AppError, formAction, formBody } from "../lib/http/index.ts";
import { listSellerListings } from "../lib/market/index.ts";
import {
  formatMoney,
  listPayouts,
  pageOrdersOfSeller,
  PLATFORM_FEE_PERCENT,
  requestPayout,
} from "../lib/payments/index.ts";
import { SellerListings } from "./marketplace/_seller-listings.tsx";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  // 20 sales a page, newest first; a cursor this list cannot read starts again at the first.
  const cursor = c.req.query("cursor") || null;
  const sales = (from: string | null) => pageOrdersOfSeller(user.id, { limit: 20, cursor: from });
  const [{ items: orders, cursor: older }, balance, payouts, listings] = await Promise.all([
    sales(cursor).catch((err) => {
      if (err instanceof AppError && err.status === 400) return sales(null);
      throw err;
    }),
    getBalance(user.id),
    listPayouts(user.id),
    listSellerListings(user.id),
  ]);
  const money = (n: number) => formatMoney(n, balance.currency);
  const requested = payouts.filter((p) => p.status === "requested")
    .reduce((sum, p) => sum + p.amount, 0);
  const holdDays = config().refundWindowDays;
  const releaseDay = (o: { createdAt: string }) =>
    new Date(Date.parse(o.createdAt) + holdDays * 864e5).toISOString().slice(0, 10);
  return page(
    c,
    { title: "Sales", active: "/sales" },
    (
      <div class="space-y-6">
        <h1 class="text-2xl font-semibold">Sales</h1>
        <DoneNotice done={c.req.query("done")} />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <section class="grid gap-4 sm:grid-cols-4">
          <div class="card p-4">
            <p class="text-sm text-slate-500">Held (refund window)</p>
            <p class="text-2xl font-semibold" data-testid="held">{money(balance.held)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Available</p>
            <p class="text-2xl font-semibold" data-testid="available">{money(balance.available)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Payouts requested</p>
            <p class="text-2xl font-semibold" data-testid="requested">{money(requested)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Paid out</p>
            <p class="text-2xl font-semibold">{money(balance.paidOut)}</p>
          </div>
        </section>
        <p class="text-sm text-slate-600">
          LandingHub keeps {PLATFORM_FEE_PERCENT}% of each sale. Your share is held for {holdDays}
          {" "}
          days in case the buyer asks for a refund, then becomes available to pay out.
          {balance.available < 0 &&
            " Your available balance is negative because of a refund made after the hold; later sales make it up first."}
        </p>
        <form method="post" action="/sales/payout" class="card flex flex-wrap items-end gap-3 p-4">
          <label class="block">
            <span class="label">Request a payout (USD)</span>
            <input
              class="input"
              name="amount"
              type="number"
              min="1"
              step="0.01"
              max={balance.available / 100}
              placeholder={`up to ${(Math.max(0, balance.available) / 100).toFixed(2)}`}
              required
            />
          </label>
          <button class="btn btn-primary" type="submit" disabled={balance.available < 100}>
            Request payout
          </button>
        </form>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Sold</h2>
          {orders.length === 0 && (
            <p class="text-slate-600">{cursor ? "No older sales." : "No sales yet."}</p>
          )}
          {orders.map((o) => (
            <div key={o.id} class="card flex justify-between p-3 text-sm">
              <span>{o.title} · {o.createdAt.slice(0, 10)}</span>
              <span>
                {money(o.sellerAmount)} ·{" "}
                <span class="badge bg-slate-100">
                  {o.status === "refunded"
                    ? "refunded"
                    : o.disputed
                    ? "held: disputed"
                    : o.refundNote
                    ? o.refundNote
                    : o.released
                    ? "released"
                    : `held until ${releaseDay(o)}`}
                </span>
              </span>
            </div>
          ))}
          {older && (
            <a class="btn btn-secondary" href={`/sales?cursor=${encodeURIComponent(older)}`}>
              Older sales
            </a>
          )}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Payouts</h2>
          {payouts.length === 0 && (
            <p class="text-sm text-slate-500">
              No payouts yet. Request one above once money is available.
            </p>
          )}
          {payouts.map((p) => (
            <div key={p.id} class="card flex justify-between p-3 text-sm">
              <span>{p.createdAt.slice(0, 10)}</span>
              <span>{money(p.amount)} · {p.status}</span>
            </div>
          ))}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Listings</h2>
          <SellerListings listings={listings} />
          <a class="btn btn-secondary" href="/marketplace/sell">Sell a template</a>
        </section>
      </div>
    ),
  );
});

app.post("/payout", async (c) => {
  const user = requireUser(c);
  const amount = Math.round(Number((await formBody(c)).amount) * 100);
  return await formAction(c, "/sales", () => {
    if (!Number.isInteger(amount) || amount < 100) {
      throw new AppError(422, "validation_failed", "Enter at least 1.00");
    }
    return requestPayout(user, amount);
  });
});

export default app;
