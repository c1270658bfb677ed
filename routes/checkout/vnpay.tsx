// /checkout/vnpay: the offline VNPay test gateway (used while VNPAY_URL is unset) and the
// vnp_ReturnUrl every VNPay payment comes back to. The gateway looks like VNPay's payment page;
// Pay ("Thanh toán") signs the IPN VNPay would send, calls our IPN URL, then returns the buyer.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import {
  openVnpayTestGateway,
  payWithVnpayTestGateway,
  vnpayVerified,
} from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { gatewayOutcome, TestGatewayPage } from "../../components/TestGateway.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { notFound } from "../../lib/http/index.ts";
import {
  answerVnpayTestRefund,
  vnpayTestGatewayOn,
} from "../../lib/payments/test-gateway-refunds.ts";

import { formatMoneyIn, translator } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/pay", signedIn, async (c) => {
  const user = requireUser(c);
  const query = c.req.query();
  const { tx, orderInfo } = await openVnpayTestGateway(user.id, query);
  const signed = new URLSearchParams(query).toString();
  const locale = c.get("locale");
  const t = translator(locale);
  return page(
    c,
    { title: t("market.vnpay.title"), bare: true },
    <TestGatewayPage
      testId="vnpay-gateway"
      backdrop="bg-[#f2f6fc]"
      payColors="bg-[#005baa] text-white"
      logo={
        <span class="text-2xl font-bold">
          <span class="text-[#e30019]">VN</span>
          <span class="text-[#005baa]">PAY</span>
        </span>
      }
      heading={t("market.vnpay.heading")}
      summary={
        <dl class="space-y-2 border-y border-slate-200 py-3 text-sm">
          <div class="flex justify-between">
            <dt>{t("market.gw.amount")}</dt>
            <dd class="font-semibold text-[#005baa]">
              {formatMoneyIn(tx.amount, tx.currency, locale)}
            </dd>
          </div>
          <div class="flex justify-between gap-4">
            <dt class="shrink-0">{t("market.vnpay.info")}</dt>
            <dd class="text-right">{orderInfo}</dd>
          </div>
          <div class="flex justify-between">
            <dt>{t("market.gw.orderId")}</dt>
            <dd>{tx.id}</dd>
          </div>
        </dl>
      }
      status={tx.status}
      action="/checkout/vnpay/pay"
      fields={
        <>
          <input type="hidden" name="q" value={signed} />
          <label class="block">
            <span class="label">{t("market.vnpay.card")}</span>
            <input class="input" value="9704198526191432198" readOnly />
          </label>
          <label class="block">
            <span class="label">{t("market.vnpay.holder")}</span>
            <input class="input" value="NGUYEN VAN A" readOnly />
          </label>
        </>
      }
      payLabel={t("market.vnpay.pay")}
      cancelLabel={t("market.vnpay.cancel")}
    />,
  );
});

app.post("/pay", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await c.req.parseBody();
  const query = Object.fromEntries(new URLSearchParams(String(form.q ?? "")));
  const { redirect } = await payWithVnpayTestGateway(
    user.id,
    query,
    gatewayOutcome(form),
  );
  return c.redirect(redirect, 303);
});

// The buyer's way back ("Code ReturnURL"): it only shows the result; the IPN updates the order.
app.get("/return", signedIn, async (c) => {
  const query = c.req.query();
  if (!(await vnpayVerified(query))) {
    return c.redirect("/checkout/cancel", 303);
  }
  return c.redirect(`/checkout/success?tx=${encodeURIComponent(query.vnp_TxnRef ?? "")}`, 303);
});

// The gateway's refund API, called server to server by the app's refund job (no session): it
// answers as VNPay would, signed, only while the dev keys are in use.
app.post("/merchant_webapi/api/transaction", publicRoute, async (c) => {
  if (!vnpayTestGatewayOn()) throw notFound("Test gateway");
  const body = await c.req.json().catch(() => null);
  return c.json(await answerVnpayTestRefund(body));
});

export default app;
