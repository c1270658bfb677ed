// /checkout/cart: the buyer's cart of templates to buy together (one payment, one order each),
// with a discount code field and the providers the cart's currency allows.
import { Hono } from "hono";
import { Alert } from "../../components/Form.tsx";
import { page } from "../../components/render.tsx";
import { config } from "../../lib/config.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { createPayment, getCart, updateCart } from "../../lib/payments/index.ts";
import { formatMoneyIn, type MessageKey, t as tr } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const items = await getCart(user.id);
  const currencies = [...new Set(items.map((l) => l.currency))];
  const total = items.reduce((s, l) => s + l.price, 0);
  const error = c.req.query("error");
  const locale = c.get("locale");
  const t = (key: MessageKey, params?: Record<string, string | number>) => tr(locale, key, params);
  return page(
    c,
    { title: t("seller.cart.title"), active: "/marketplace" },
    (
      <div class="mx-auto max-w-xl space-y-4 py-8">
        <h1 class="text-2xl font-semibold">{t("seller.cart.title")}</h1>
        {error && <Alert kind="error">{error}</Alert>}
        {items.length === 0 && (
          <p class="text-slate-600">
            {t("seller.cart.empty")}{" "}
            <a class="text-brand-700 underline" href="/marketplace">
              {t("seller.common.browseTemplates")}
            </a>
          </p>
        )}
        {items.length > 0 && (
          <div class="card divide-y divide-slate-100">
            {items.map((l) => (
              <div
                key={l.id}
                class="flex items-center justify-between gap-3 p-3"
                data-testid="cart-item"
              >
                <a class="font-medium" href={`/marketplace/${l.id}`}>{l.title}</a>
                <span class="flex items-center gap-3">
                  {formatMoneyIn(l.price, l.currency, locale)}
                  <form method="post" action="/checkout/cart/remove">
                    <input type="hidden" name="listingId" value={l.id} />
                    <button class="text-sm text-slate-500 hover:underline" type="submit">
                      {t("seller.common.remove")}
                    </button>
                  </form>
                </span>
              </div>
            ))}
          </div>
        )}
        {currencies.length > 1 && (
          <Alert kind="error">
            {t("seller.cart.mixed")}
          </Alert>
        )}
        {items.length > 0 && currencies.length === 1 && (
          <form method="post" action="/checkout/cart/pay" class="card space-y-3 p-5">
            <p class="flex justify-between text-lg">
              <span>{t("seller.common.total")}</span>
              <strong data-testid="cart-total">
                {formatMoneyIn(total, currencies[0], locale)}
              </strong>
            </p>
            <label class="block">
              <span class="label">{t("seller.cart.code")}</span>
              <input class="input" name="code" maxLength={40} autocomplete="off" />
            </label>
            <button class="btn btn-primary w-full" type="submit" data-testid="cart-pay">
              {t("seller.cart.buy", { count: items.length })}
            </button>
            {currencies[0] === "vnd" && (["vnpay", "momo"] as const).map((p) => (
              <button
                key={p}
                class="btn btn-secondary w-full"
                type="submit"
                name="provider"
                value={p}
                data-testid={`cart-pay-${p}`}
              >
                {t("seller.cart.payWith", { provider: p === "vnpay" ? "VNPay" : "MoMo" })}
              </button>
            ))}
          </form>
        )}
      </div>
    ),
  );
});

const back = (to: string, err: unknown) => {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  return `${to}?error=${encodeURIComponent(err.message)}`;
};

app.post("/add", async (c) => {
  const user = requireUser(c);
  const { listingId = "" } = await formBody(c);
  try {
    await updateCart(user.id, listingId.slice(0, 40), "add");
  } catch (err) {
    return c.redirect(back(`/marketplace/${encodeURIComponent(listingId)}`, err), 303);
  }
  return c.redirect("/checkout/cart", 303);
});

app.post("/remove", async (c) => {
  const user = requireUser(c);
  const { listingId = "" } = await formBody(c);
  await updateCart(user.id, listingId.slice(0, 40), "remove");
  return c.redirect("/checkout/cart", 303);
});

app.post("/pay", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const ids = (await getCart(user.id)).map((l) => l.id);
  try {
    const provider = form.provider === "vnpay" || form.provider === "momo"
      ? form.provider
      : "stripe";
    const { transaction, checkoutUrl } = await createPayment(user, ids, {
      provider,
      ip: clientIp(c, config().trustProxy),
      discountCode: (form.code ?? "").slice(0, 40) || null,
    });
    // The cart is kept: what gets delivered drops out of it (getCart), a cancelled payment leaves
    // it as it was.
    return c.redirect(checkoutUrl ?? `/checkout/success?tx=${transaction.id}`, 303);
  } catch (err) {
    return c.redirect(back("/checkout/cart", err), 303);
  }
});

export default app;
