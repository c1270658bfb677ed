// /sales: the seller's sales, balance, payout requests and discount codes.
import { config } from "../lib/config.ts";
import { Hono } from "hono";
import { Alert, DONE_MESSAGES, DoneNotice } from "../components/Form.tsx";
import { type AppEnv, AppError, formAction, formBody, parseWith } from "../lib/http/index.ts";
import { getListing, listSellerListingsPage } from "../lib/market/index.ts";
import { createDiscount, discountSchema, listDiscounts } from "../lib/market/discounts.ts";
import { discountFromForm, SellerDiscounts } from "./marketplace/_seller-discounts.tsx";
import {
  type Balance,
  destinationLabel,
  getBalances,
  getPayoutDetails,
  listPayouts,
  pageOrdersOfSeller,
  type Payout,
  PAYOUT_SETTINGS_URL,
  PLATFORM_FEE_PERCENT,
  primaryBalance,
  requestPayout,
} from "../lib/payments/index.ts";
import { minorPerMajor } from "../lib/format.ts";
import { SellerListings } from "./marketplace/_seller-listings.tsx";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";
import { formatMoneyIn, type Locale, type MessageKey, t as tr } from "../lib/i18n/index.ts";
import { dayIn } from "../components/seller-format.ts";

const translate = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) =>
  tr(locale, key, params);

const app = new Hono<AppEnv>();

/** One currency's figures and its payout form (amounts in major units, e.g. 12.50 or 150000). */
function BalanceRow(
  { balance, payouts, primary, locale }: {
    balance: Balance;
    payouts: Payout[];
    primary: boolean;
    locale: Locale;
  },
) {
  const t = translate(locale);
  const cur = balance.currency;
  const money = (n: number) => formatMoneyIn(n, cur, locale);
  const per = minorPerMajor(cur);
  const requested = payouts.filter((p) => p.status === "requested" && p.currency === cur)
    .reduce((sum, p) => sum + p.amount, 0);
  const testId = (id: string) => primary ? id : `${id}-${cur}`;
  return (
    <section class="space-y-2" data-currency={cur}>
      <div class="grid gap-4 sm:grid-cols-4">
        <div class="card p-4">
          <p class="text-sm text-slate-500">
            {t("seller.sales.held", { currency: cur.toUpperCase() })}
          </p>
          <p class="text-2xl font-semibold" data-testid={testId("held")}>{money(balance.held)}</p>
        </div>
        <div class="card p-4">
          <p class="text-sm text-slate-500">
            {t("seller.sales.available", { currency: cur.toUpperCase() })}
          </p>
          <p class="text-2xl font-semibold" data-testid={testId("available")}>
            {money(balance.available)}
          </p>
        </div>
        <div class="card p-4">
          <p class="text-sm text-slate-500">{t("seller.sales.requested")}</p>
          <p class="text-2xl font-semibold" data-testid={testId("requested")}>{money(requested)}</p>
        </div>
        <div class="card p-4">
          <p class="text-sm text-slate-500">{t("seller.sales.paidOut")}</p>
          <p class="text-2xl font-semibold">{money(balance.paidOut)}</p>
        </div>
      </div>
      <form method="post" action="/sales/payout" class="card flex flex-wrap items-end gap-3 p-4">
        <input type="hidden" name="currency" value={cur} />
        <label class="block">
          <span class="label">
            {t("seller.sales.requestLabel", { currency: cur.toUpperCase() })}
          </span>
          <input
            class="input"
            name="amount"
            type="number"
            min="1"
            step={per === 1 ? "1" : String(1 / per)}
            max={balance.available / per}
            placeholder={t("seller.sales.upTo", {
              amount: (Math.max(0, balance.available) / per).toFixed(per === 1 ? 0 : 2),
            })}
            required
          />
        </label>
        <button class="btn btn-primary" type="submit" disabled={balance.available < per}>
          {t("seller.sales.requestButton")}
        </button>
      </form>
    </section>
  );
}

app.get("/", async (c) => {
  const user = requireUser(c);
  const locale = c.get("locale");
  const t = translate(locale);
  // 20 sales a page, newest first; a cursor this list cannot read starts again at the first.
  const cursor = c.req.query("cursor") || null;
  const sales = (from: string | null) => pageOrdersOfSeller(user.id, { limit: 20, cursor: from });
  const [{ items: orders, cursor: older }, all, payouts, listings, details, discounts] =
    await Promise.all([
      sales(cursor).catch((err) => {
        if (err instanceof AppError && err.status === 400) return sales(null);
        throw err;
      }),
      getBalances(user.id),
      listPayouts(user.id),
      // 50 listings a page (a big catalogue is not loaded whole); `?listings=` is the next cursor.
      listSellerListingsPage(user.id, { limit: 50, cursor: c.req.query("listings") || null }),
      getPayoutDetails(user.id),
      listDiscounts(user.id),
    ]);
  // One row per currency, the primary balance first (its figures keep the data-testids).
  const primary = primaryBalance(all);
  const balances = [primary, ...all.filter((b) => b.currency !== primary.currency)];
  const holdDays = config().refundWindowDays;
  const releaseDay = (o: { createdAt: string }) =>
    dayIn(new Date(Date.parse(o.createdAt) + holdDays * 864e5).toISOString(), locale);
  const payoutStatus = (s: string) =>
    s === "requested"
      ? t("seller.sales.payoutRequested")
      : s === "paid"
      ? t("seller.sales.payoutPaid")
      : s === "failed"
      ? t("seller.sales.payoutFailed")
      : s;
  return page(
    c,
    { title: t("seller.sales.title"), active: "/sales" },
    (
      <div class="space-y-6">
        <h1 class="text-2xl font-semibold">{t("seller.sales.title")}</h1>
        <DoneNotice
          done={c.req.query("done")}
          messages={{ ...DONE_MESSAGES, discount: t("seller.done.discount") }}
        />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {details
          ? (
            <p class="text-sm text-slate-600" data-testid="payout-destination">
              {t("seller.sales.goesTo", {
                destination: destinationLabel(details).replace(
                  /^Bank /,
                  `${t("seller.sales.bank")} `,
                ),
              })} <a class="underline" href={PAYOUT_SETTINGS_URL}>{t("seller.sales.change")}</a>
            </p>
          )
          : (
            <Alert kind="info">
              {t("seller.sales.addDetails")}{" "}
              <a class="underline" href={PAYOUT_SETTINGS_URL}>
                {t("seller.sales.payoutSettings")}
              </a>.
            </Alert>
          )}
        {balances.map((b, i) => (
          <BalanceRow
            key={b.currency}
            balance={b}
            payouts={payouts}
            primary={i === 0}
            locale={locale}
          />
        ))}
        <p class="text-sm text-slate-600">
          {t("seller.sales.feeNote", { fee: PLATFORM_FEE_PERCENT, days: holdDays })}
          {balances.some((b) => b.available < 0) && t("seller.sales.negative")}
        </p>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">{t("seller.sales.sold")}</h2>
          {orders.length === 0 && (
            <p class="text-slate-600">
              {cursor ? t("seller.sales.noOlder") : t("seller.sales.none")}
            </p>
          )}
          {orders.map((o) => (
            <div key={o.id} class="card flex justify-between p-3 text-sm">
              <span>{o.title} · {dayIn(o.createdAt, locale)}</span>
              <span>
                {formatMoneyIn(o.sellerAmount, o.currency, locale)} ·{" "}
                <span class="badge bg-slate-100">
                  {o.status === "refunded"
                    ? t("seller.common.refunded")
                    : o.disputed
                    ? t("seller.sales.disputed")
                    : o.refundNote
                    ? o.refundNote
                    : o.released
                    ? t("seller.sales.released")
                    : t("seller.sales.heldUntil", { date: releaseDay(o) })}
                </span>
              </span>
            </div>
          ))}
          {older && (
            <a class="btn btn-secondary" href={`/sales?cursor=${encodeURIComponent(older)}`}>
              {t("seller.sales.older")}
            </a>
          )}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">{t("seller.sales.payouts")}</h2>
          {payouts.length === 0 && (
            <p class="text-sm text-slate-500">{t("seller.sales.noPayouts")}</p>
          )}
          {payouts.map((p) => (
            <div key={p.id} class="card flex justify-between p-3 text-sm">
              <span>{dayIn(p.createdAt, locale)}</span>
              <span>
                {formatMoneyIn(p.amount, p.currency, locale)} · {payoutStatus(p.status)}
                {p.reference && t("seller.sales.ref", { reference: p.reference })}
              </span>
            </div>
          ))}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">{t("seller.sales.listings")}</h2>
          <SellerListings listings={listings.items} />
          {listings.cursor && (
            <a class="btn btn-secondary" href={`/sales?listings=${listings.cursor}`}>
              {t("seller.sales.moreListings")}
            </a>
          )}
          <a class="btn btn-secondary" href="/marketplace/sell">
            {t("seller.sales.sell")}
          </a>
        </section>
        <SellerDiscounts discounts={discounts} listings={listings.items} />
      </div>
    ),
  );
});

app.post("/payout", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const currency = /^[a-z]{3}$/.test(form.currency ?? "") ? form.currency : undefined;
  const amount = Math.round(Number(form.amount) * minorPerMajor(currency ?? "usd"));
  return await formAction(c, "/sales", () => {
    if (!Number.isInteger(amount) || amount < 1) {
      throw AppError.inLanguage(
        422,
        "validation_failed",
        tr(c.get("locale"), "seller.sales.positiveAmount"),
      );
    }
    return requestPayout(user, amount, currency);
  });
});

// A listing's code (for one of the seller's own listings) or a code for all their listings.
app.post("/discounts", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const listingId = form.listingId || null;
  return await formAction(c, "/sales", async () => {
    const found = listingId ? await getListing(listingId) : null;
    const listing = found?.sellerId === user.id ? found : null;
    const currency = listing?.currency ?? form.currency ?? "usd";
    const input = parseWith(discountSchema, discountFromForm(form, currency));
    await createDiscount(user, listingId, input);
  }, { done: "discount" });
});

export default app;
