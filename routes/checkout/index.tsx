// /checkout: the test checkout (no Stripe keys), and where a checkout returns to.
import { Hono } from "hono";
import { Alert } from "../../components/Form.tsx";
import { type AppEnv, AppError } from "../../lib/http/index.ts";
import { getVisibleListing } from "../../lib/market/index.ts";
import { getOrder, getOwnTransaction, payWithTestCheckout } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { formatMoneyIn, type Locale, type MessageKey, t as tr } from "../../lib/i18n/index.ts";

const translate = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) =>
  tr(locale, key, params);
const TX_STATUS: Record<string, MessageKey> = {
  pending: "seller.checkout.txPending",
  completed: "seller.checkout.txCompleted",
  refunded: "seller.common.refunded",
  failed: "seller.checkout.txFailed",
};

const app = new Hono<AppEnv>();

app.get("/test/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const tx = await getOwnTransaction(user.id, c.req.param("tx"));
  const listing = await getVisibleListing(tx.listingId, user);
  const locale = c.get("locale");
  const t = translate(locale);
  const money = (n: number) => formatMoneyIn(n, tx.currency, locale);
  return page(
    c,
    { title: t("seller.checkout.testTitle"), bare: true },
    (
      <div class="flex min-h-screen items-center justify-center bg-slate-100 px-4">
        <div class="card w-full max-w-md space-y-5 p-6">
          <p class="badge bg-amber-100 text-amber-800">{t("seller.checkout.testBadge")}</p>
          <h1 class="text-xl font-semibold">{t("seller.checkout.payLandingHub")}</h1>
          <div class="border-y border-slate-200 py-3">
            {(tx.items ?? [{ title: listing.title, amount: tx.amount }]).map((i) => (
              <div key={i.title} class="flex items-center justify-between">
                <span>{i.title}</span>
                <span>{money(i.amount)}</span>
              </div>
            ))}
            {(tx.items?.length ?? 1) > 1 && (
              <div class="flex items-center justify-between pt-2">
                <span>{t("seller.common.total")}</span>
                <strong>{money(tx.amount)}</strong>
              </div>
            )}
          </div>
          {tx.status !== "pending"
            ? (
              <Alert kind="info">
                {t("seller.checkout.already", {
                  status: TX_STATUS[tx.status] ? t(TX_STATUS[tx.status]) : tx.status,
                })} <a class="underline" href="/orders">{t("seller.checkout.seeOrders")}</a>
              </Alert>
            )
            : (
              <form method="post" action={`/checkout/test/${tx.id}/pay`} class="space-y-3">
                <label class="block">
                  <span class="label">{t("seller.checkout.card")}</span>
                  <input class="input" value="4242 4242 4242 4242" readOnly />
                </label>
                <button class="btn btn-primary w-full" type="submit" data-testid="pay">
                  {t("seller.checkout.pay", { amount: money(tx.amount) })}
                </button>
              </form>
            )}
          <a
            class="block text-center text-sm text-slate-500 hover:underline"
            href={`/checkout/cancel?tx=${tx.id}`}
          >
            {t("seller.checkout.cancelBack")}
          </a>
        </div>
      </div>
    ),
  );
});

app.post("/test/:tx/pay", signedIn, async (c) => {
  const user = requireUser(c);
  try {
    await payWithTestCheckout(user.id, c.req.param("tx"));
  } catch (err) {
    // Paid already (a second tab, the back button): show how that payment ended.
    if (!(err instanceof AppError) || err.code !== "already_paid") throw err;
  }
  return c.redirect(`/checkout/success?tx=${c.req.param("tx")}`, 303);
});

app.get("/success", signedIn, async (c) => {
  const user = requireUser(c);
  const tx = await getOwnTransaction(user.id, c.req.query("tx") ?? "");
  const t = translate(c.get("locale"));
  if (tx.status === "refunded" && !tx.orderId) {
    return page(
      c,
      { title: t("seller.checkout.refundedTitle") },
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">{t("seller.checkout.refundedH")}</h1>
        <p class="text-slate-600">{t("seller.checkout.refundedText")}</p>
        <a class="btn btn-primary" href="/orders">{t("seller.checkout.goOrders")}</a>
      </div>,
    );
  }
  if (tx.status === "failed") {
    return page(
      c,
      { title: t("seller.checkout.failedTitle") },
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">{t("seller.checkout.failedH")}</h1>
        <p class="text-slate-600">{t("seller.checkout.failedText")}</p>
        <a class="btn btn-primary" href={`/marketplace/${tx.listingId}`}>
          {t("seller.checkout.backTemplate")}
        </a>
      </div>,
    );
  }
  const done = tx.status === "completed";
  const bundle = (tx.orderIds?.length ?? 0) > 1;
  if (!done) c.header("refresh", "2");
  const order = done && tx.orderId ? await getOrder(tx.orderId) : null;
  return page(
    c,
    {
      title: done ? t("seller.checkout.completeTitle") : t("seller.checkout.confirmingTitle"),
    },
    (
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">
          {done ? t("seller.checkout.thanks") : t("seller.checkout.confirming")}
        </h1>
        <p class="text-slate-600">
          {done ? t("seller.checkout.copyReady") : t("seller.checkout.refreshes")}
        </p>
        {bundle && (
          <p class="text-slate-600" data-testid="bundle-done">
            {t("seller.checkout.bundle", { count: tx.orderIds!.length })}
          </p>
        )}
        {order && (
          <div class="flex justify-center gap-3">
            <a class="btn btn-primary" href={`/pages/${order.createdPageId}/edit`}>
              {t("seller.common.editMyCopy")}
            </a>
            <a class="btn btn-secondary" href="/orders" data-testid="to-orders">
              {t("seller.checkout.seeMyOrders")}
            </a>
          </div>
        )}
      </div>
    ),
  );
});

app.get("/cancel", publicRoute, (c) => {
  const t = translate(c.get("locale"));
  return page(
    c,
    { title: t("seller.checkout.cancelled") },
    (
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">{t("seller.checkout.cancelled")}</h1>
        <p class="text-slate-600">{t("seller.checkout.nothingCharged")}</p>
        <a class="btn btn-secondary" href="/marketplace">{t("seller.checkout.backMarket")}</a>
      </div>
    ),
  );
});

export default app;
