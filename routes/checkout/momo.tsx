// /checkout/momo: the offline MoMo test gateway (used while MOMO_ENDPOINT is unset) and the
// redirectUrl every MoMo payment comes back to. The gateway looks like MoMo's payment page;
// Confirm ("Xác nhận") signs the IPN MoMo would POST, sends it to our IPN URL, then returns
// the buyer. The page speaks the buyer's language (MoMo's own page is Vietnamese or English).
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { openMomoTestGateway, payWithMomoTestGateway } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { gatewayOutcome, TestGatewayPage } from "../../components/TestGateway.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { notFound } from "../../lib/http/index.ts";
import {
  answerMomoTestRefund,
  momoTestGatewayOn,
} from "../../lib/payments/test-gateway-refunds.ts";

import { formatMoneyIn, translator } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/pay/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const tx = await openMomoTestGateway(user.id, c.req.param("tx"));
  const locale = c.get("locale");
  const t = translator(locale);
  return page(
    c,
    { title: t("market.momo.title"), bare: true },
    <TestGatewayPage
      testId="momo-gateway"
      backdrop="bg-[#fdf0f6]"
      payColors="bg-[#a50064] text-white"
      logo={
        <span class="rounded-lg bg-[#a50064] px-3 py-1 text-xl font-bold text-white">momo</span>
      }
      heading={t("market.momo.heading")}
      summary={
        <>
          <div class="flex items-center justify-between border-y border-slate-200 py-3">
            <span>{t("market.gw.amount")}</span>
            <strong class="text-[#a50064]">{formatMoneyIn(tx.amount, tx.currency, locale)}</strong>
          </div>
          <p class="text-sm text-slate-600">{t("market.momo.orderId", { id: tx.id })}</p>
        </>
      }
      status={tx.status}
      action={`/checkout/momo/pay/${tx.id}`}
      payLabel={t("market.momo.pay")}
      cancelLabel={t("market.momo.cancel")}
    />,
  );
});

app.post("/pay/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await c.req.parseBody();
  const { redirect } = await payWithMomoTestGateway(
    user.id,
    c.req.param("tx"),
    gatewayOutcome(form),
  );
  return c.redirect(redirect, 303);
});

// The buyer's way back (redirectUrl): it only shows the result; the IPN updates the order.
app.get(
  "/return",
  signedIn,
  (c) =>
    c.redirect(`/checkout/success?tx=${encodeURIComponent(c.req.query("orderId") ?? "")}`, 303),
);

// The gateway's refund API, called server to server by the app's refund job (no session): it
// answers as MoMo would, signed, only while the dev keys are in use.
app.post("/v2/gateway/api/refund", publicRoute, async (c) => {
  if (!momoTestGatewayOn()) throw notFound("Test gateway");
  const body = await c.req.json().catch(() => null);
  return c.json(await answerMomoTestRefund(body));
});

export default app;
