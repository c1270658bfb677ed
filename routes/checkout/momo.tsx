// /checkout/momo: the offline MoMo test gateway (used while MOMO_ENDPOINT is unset) and the
// redirectUrl every MoMo payment comes back to. The gateway looks like MoMo's payment page;
// "Xác nhận" signs the IPN MoMo would POST, sends it to our IPN URL, then returns the buyer.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import {
  formatMoney,
  openMomoTestGateway,
  payWithMomoTestGateway,
} from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { notFound } from "../../lib/http/index.ts";
import {
  answerMomoTestRefund,
  momoTestGatewayOn,
} from "../../lib/payments/test-gateway-refunds.ts";

const app = new Hono<AppEnv>();

app.get("/pay/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const tx = await openMomoTestGateway(user.id, c.req.param("tx"));
  return page(
    c,
    { title: "MoMo - Cổng thanh toán", bare: true },
    (
      <div class="flex min-h-screen items-center justify-center bg-[#fdf0f6] px-4">
        <div class="card w-full max-w-md space-y-5 p-6" data-testid="momo-gateway">
          <div class="flex items-center justify-between">
            <span class="rounded-lg bg-[#a50064] px-3 py-1 text-xl font-bold text-white">momo</span>
            <span class="badge bg-amber-100 text-amber-800">Sandbox — thử nghiệm</span>
          </div>
          <h1 class="text-lg font-semibold">Thanh toán bằng Ví MoMo</h1>
          <div class="flex items-center justify-between border-y border-slate-200 py-3">
            <span>Số tiền</span>
            <strong class="text-[#a50064]">{formatMoney(tx.amount, tx.currency)}</strong>
          </div>
          <p class="text-sm text-slate-600">Mã đơn hàng: {tx.id}</p>
          {tx.status !== "pending"
            ? <p class="text-sm">Giao dịch đã được xử lý ({tx.status}).</p>
            : (
              <form method="post" action={`/checkout/momo/pay/${tx.id}`} class="space-y-3">
                <button
                  class="btn w-full bg-[#a50064] text-white"
                  type="submit"
                  name="action"
                  value="pay"
                  data-testid="pay"
                >
                  Xác nhận thanh toán
                </button>
                <button
                  class="btn btn-secondary w-full"
                  type="submit"
                  name="action"
                  value="cancel"
                  data-testid="cancel"
                >
                  Hủy
                </button>
              </form>
            )}
        </div>
      </div>
    ),
  );
});

app.post("/pay/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await c.req.parseBody();
  const { redirect } = await payWithMomoTestGateway(
    user.id,
    c.req.param("tx"),
    form.action === "cancel" ? "cancelled" : "paid",
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
