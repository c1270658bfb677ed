// /admin/orders: every order, and refunds (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { userNames } from "../../lib/admin/index.ts";
import { type AppEnv, formAction } from "../../lib/http/index.ts";
import {
  adminRefundable,
  formatMoney,
  getOrder,
  listAllOrders,
  refundOrder,
} from "../../lib/payments/index.ts";
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
  return page(
    c,
    { title: "Orders", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} />
        <div class="flex gap-2 text-sm">
          {["", "delivered", "refunded"].map((s) => (
            <a
              key={s}
              href={`/admin/orders?status=${s}`}
              class={`btn ${s === status ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s || "all"}
            </a>
          ))}
        </div>
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">Date</th>
                <th class="px-3 py-2">Template</th>
                <th class="px-3 py-2">Buyer</th>
                <th class="px-3 py-2">Seller</th>
                <th class="px-3 py-2">Price</th>
                <th class="px-3 py-2">Fee</th>
                <th class="px-3 py-2">Status</th>
                <th class="px-3 py-2">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} class="border-t border-slate-100">
                  <td class="px-3 py-2">{o.createdAt.slice(0, 16).replace("T", " ")}</td>
                  <td class="px-3 py-2">{o.title}</td>
                  <td class="px-3 py-2">{person(o.buyerId)}</td>
                  <td class="px-3 py-2">{person(o.sellerId)}</td>
                  <td class="px-3 py-2">{formatMoney(o.price, o.currency)}</td>
                  <td class="px-3 py-2">{formatMoney(o.platformFee, o.currency)}</td>
                  <td class="px-3 py-2">
                    {o.status}
                    {o.status === "delivered" ? (o.released ? " · released" : " · held") : ""}
                  </td>
                  <td class="px-3 py-2">
                    {adminRefundable(o) && (
                      <a
                        class="btn btn-danger !py-1"
                        href={`/admin/orders/${o.id}/refund`}
                        data-testid="refund"
                      >
                        Refund…
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {next && (
          <a
            class="btn btn-secondary"
            href={`/admin/orders?${new URLSearchParams({ status, cursor: next })}`}
          >
            Next page
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
  return page(
    c,
    { title: "Refund order", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" heading={false} />
        <div class="card max-w-xl space-y-4 p-6">
          <h1 class="text-xl font-semibold">Refund “{order.title}”?</h1>
          <dl class="grid grid-cols-2 gap-2 text-sm">
            <dt class="text-slate-500">Buyer</dt>
            <dd>{names.get(order.buyerId)}</dd>
            <dt class="text-slate-500">Seller</dt>
            <dd>{names.get(order.sellerId)}</dd>
            <dt class="text-slate-500">Paid on</dt>
            <dd>{order.createdAt.slice(0, 10)}</dd>
            <dt class="text-slate-500">Back to the buyer</dt>
            <dd>{formatMoney(order.price, order.currency)}</dd>
            <dt class="text-slate-500">Taken from the seller's held funds</dt>
            <dd>{formatMoney(order.sellerAmount, order.currency)}</dd>
          </dl>
          {adminRefundable(order)
            ? (
              <form method="post" action={`/admin/orders/${order.id}/refund`} class="flex gap-2">
                <button class="btn btn-danger" type="submit" data-testid="confirm-refund">
                  Refund {formatMoney(order.price, order.currency)}
                </button>
                <a class="btn btn-secondary" href="/admin/orders">Cancel</a>
              </form>
            )
            : (
              <Alert kind="info">
                This order is {order.status === "refunded" ? "already refunded" : (
                  "past its refund window: the seller has been paid"
                )}.
              </Alert>
            )}
          <p class="text-sm text-slate-500">This cannot be undone. The buyer keeps their copy.</p>
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
