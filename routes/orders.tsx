// /orders: what the signed-in user bought.
import { Hono } from "hono";
import { type AppEnv, AppError } from "../lib/http/index.ts";
import { pageOrdersOfBuyer } from "../lib/payments/index.ts";
import { formatMoneyIn, type MessageKey, t as tr } from "../lib/i18n/index.ts";
import { dayIn } from "../components/seller-format.ts";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const locale = c.get("locale");
  const t = (key: MessageKey) => tr(locale, key);
  // 20 orders a page, newest first; a cursor this list cannot read starts again at the first.
  const cursor = c.req.query("cursor") || null;
  const read = (from: string | null) => pageOrdersOfBuyer(user.id, { limit: 20, cursor: from });
  const { items: orders, cursor: older } = await read(cursor).catch((err) => {
    if (err instanceof AppError && err.status === 400) return read(null);
    throw err;
  });
  return page(
    c,
    { title: t("seller.orders.title"), active: "/orders" },
    (
      <div class="space-y-4">
        <h1 class="text-2xl font-semibold">{t("seller.orders.title")}</h1>
        {orders.length === 0 && (
          <p class="text-slate-600">
            {t("seller.orders.empty")}{" "}
            <a class="text-brand-600 underline" href="/marketplace">
              {t("seller.common.browseTemplates")}
            </a>
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
                {dayIn(o.createdAt, locale)} · {formatMoneyIn(o.price, o.currency, locale)} ·{" "}
                <span class="badge bg-slate-100">
                  {o.refundNote ??
                    (o.status === "refunded"
                      ? t("seller.common.refunded")
                      : o.status === "delivered"
                      ? t("seller.orders.delivered")
                      : o.status)}
                </span>
              </p>
            </div>
            <a
              class="btn btn-primary"
              href={`/pages/${o.createdPageId}/edit`}
              data-testid="edit-copy"
            >
              {t("seller.common.editMyCopy")}
            </a>
          </div>
        ))}
        {older && (
          <a class="btn btn-secondary" href={`/orders?cursor=${encodeURIComponent(older)}`}>
            {t("seller.orders.older")}
          </a>
        )}
      </div>
    ),
  );
});

export default app;
