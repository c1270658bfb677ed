// /admin/orders: every order, and refunds (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav, adminTextOf } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { userNames } from "../../lib/admin/index.ts";
import { type AppEnv, formAction } from "../../lib/http/index.ts";
import { adminRefundable, getOrder, listAllOrders, refundOrder } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const status = c.req.query("status") ?? "";
  const cursor = c.req.query("cursor") || null;
  const { items: orders, cursor: next } = await listAllOrders(
    { status: status || undefined },
    { limit: 50, cursor },
  );
  const names = await userNames(orders.flatMap((o) => [o.buyerId, o.sellerId]));
  const person = (id: string) => (
    <a class="hover:underline" href={`/admin/users/${id}`}>{names.get(id)}</a>
  );
  const { t, state, money, minute, done } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.nav.orders"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} messages={done} />
        <div class="flex gap-2 text-sm">
          {["", "delivered", "refunded"].map((s) => (
            <a
              key={s}
              href={`/admin/orders?status=${s}`}
              class={`btn ${s === status ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s ? state("order", s) : t("admin.common.all")}
            </a>
          ))}
        </div>
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">{t("admin.orders.date")}</th>
                <th class="px-3 py-2">{t("admin.orders.template")}</th>
                <th class="px-3 py-2">{t("admin.orders.buyer")}</th>
                <th class="px-3 py-2">{t("admin.orders.seller")}</th>
                <th class="px-3 py-2">{t("admin.orders.price")}</th>
                <th class="px-3 py-2">{t("admin.orders.fee")}</th>
                <th class="px-3 py-2">{t("admin.orders.status")}</th>
                <th class="px-3 py-2">
                  <span class="sr-only">{t("admin.orders.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} class="border-t border-slate-100">
                  <td class="px-3 py-2">{minute(o.createdAt)}</td>
                  <td class="px-3 py-2">{o.title}</td>
                  <td class="px-3 py-2">{person(o.buyerId)}</td>
                  <td class="px-3 py-2">{person(o.sellerId)}</td>
                  <td class="px-3 py-2">{money(o.price, o.currency)}</td>
                  <td class="px-3 py-2">{money(o.platformFee, o.currency)}</td>
                  <td class="px-3 py-2">
                    {state("order", o.status)}
                    {o.status === "delivered"
                      ? ` · ${t(o.released ? "admin.order.released" : "admin.order.held")}`
                      : ""}
                  </td>
                  <td class="px-3 py-2">
                    {adminRefundable(o) && (
                      <a
                        class="btn btn-danger !py-1"
                        href={`/admin/orders/${o.id}/refund`}
                        data-testid="refund"
                      >
                        {t("admin.orders.refund")}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
              {orders.length === 0 && (
                <tr>
                  <td colSpan={8} class="px-3 py-4 text-slate-500">{t("admin.orders.empty")}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {next && (
          <a
            class="btn btn-secondary"
            href={`/admin/orders?${new URLSearchParams({ status, cursor: next })}`}
          >
            {t("admin.common.nextPage")}
          </a>
        )}
      </div>
    ),
  );
});

// Refunding cannot be undone, so the button leads here first (no JavaScript confirm needed).
app.get("/:id/refund", async (c) => {
  const order = await getOrder(c.req.param("id"));
  const names = await userNames([order.buyerId, order.sellerId]);
  const { t, money, day } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.refund.title"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" heading={false} />
        <div class="card max-w-xl space-y-4 p-6">
          <h1 class="text-xl font-semibold">
            {t("admin.refund.heading", { title: order.title })}
          </h1>
          <dl class="grid grid-cols-2 gap-2 text-sm">
            <dt class="text-slate-500">{t("admin.orders.buyer")}</dt>
            <dd>{names.get(order.buyerId)}</dd>
            <dt class="text-slate-500">{t("admin.orders.seller")}</dt>
            <dd>{names.get(order.sellerId)}</dd>
            <dt class="text-slate-500">{t("admin.refund.paidOn")}</dt>
            <dd>{day(order.createdAt)}</dd>
            <dt class="text-slate-500">{t("admin.refund.toBuyer")}</dt>
            <dd>{money(order.price, order.currency)}</dd>
            <dt class="text-slate-500">{t("admin.refund.fromSeller")}</dt>
            <dd>{money(order.sellerAmount, order.currency)}</dd>
          </dl>
          {adminRefundable(order)
            ? (
              <form method="post" action={`/admin/orders/${order.id}/refund`} class="flex gap-2">
                <button class="btn btn-danger" type="submit" data-testid="confirm-refund">
                  {t("admin.refund.confirm", { amount: money(order.price, order.currency) })}
                </button>
                <a class="btn btn-secondary" href="/admin/orders">{t("admin.common.cancel")}</a>
              </form>
            )
            : (
              <Alert kind="info">
                {order.status === "refunded"
                  ? t("admin.refund.alreadyRefunded")
                  : t("admin.refund.pastWindow")}
              </Alert>
            )}
          <p class="text-sm text-slate-500">{t("admin.refund.final")}</p>
        </div>
      </div>
    ),
  );
});

app.post("/:id/refund", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/orders", () => refundOrder(c.req.param("id"), { admin }), {
    done: "refunded",
  });
});

export default app;
