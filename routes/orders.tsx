// /orders: what the signed-in user bought.
import { Hono } from "hono";
import { type AppEnv } from "../lib/http/index.ts";
import { formatMoney, listOrdersOfBuyer } from "../lib/payments/index.ts";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const orders = await listOrdersOfBuyer(user.id);
  return page(
    c,
    { title: "My orders", active: "/orders" },
    (
      <div class="space-y-4">
        <h1 class="text-2xl font-semibold">My orders</h1>
        {orders.length === 0 && (
          <p class="text-slate-600">
            Nothing yet.{" "}
            <a class="text-brand-600 underline" href="/marketplace">Browse templates</a>
          </p>
        )}
        {orders.map((o) => (
          <div
            key={o.id}
            class="card flex flex-wrap items-center justify-between gap-3 p-4"
            data-testid="order"
          >
            <div>
              <a class="font-semibold hover:underline" href={`/marketplace/${o.listingId}`}>
                {o.title}
              </a>
              <p class="text-sm text-slate-500">
                {o.createdAt.slice(0, 10)} · {formatMoney(o.price, o.currency)} ·{" "}
                <span class="badge bg-slate-100">{o.refundNote ?? o.status}</span>
              </p>
            </div>
            <a
              class="btn btn-primary"
              href={`/pages/${o.createdPageId}/edit`}
              data-testid="edit-copy"
            >
              Edit my copy
            </a>
          </div>
        ))}
      </div>
    ),
  );
});

export default app;
