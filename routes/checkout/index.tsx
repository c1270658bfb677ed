// /checkout: the test checkout (no Stripe keys), and where a checkout returns to.
import { Hono } from "hono";
import { Alert } from "../../components/Form.tsx";
import { type AppEnv, AppError } from "../../lib/http/index.ts";
import { getVisibleListing } from "../../lib/market/index.ts";
import {
  formatMoney,
  getOrder,
  getOwnTransaction,
  payWithTestCheckout,
} from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/test/:tx", signedIn, async (c) => {
  const user = requireUser(c);
  const tx = await getOwnTransaction(user.id, c.req.param("tx"));
  const listing = await getVisibleListing(tx.listingId, user);
  return page(
    c,
    { title: "Test checkout", bare: true },
    (
      <div class="flex min-h-screen items-center justify-center bg-slate-100 px-4">
        <div class="card w-full max-w-md space-y-5 p-6">
          <p class="badge bg-amber-100 text-amber-800">Test mode — no real card is charged</p>
          <h1 class="text-xl font-semibold">Pay LandingHub</h1>
          <div class="border-y border-slate-200 py-3">
            {(tx.items ?? [{ title: listing.title, amount: tx.amount }]).map((i) => (
              <div key={i.title} class="flex items-center justify-between">
                <span>{i.title}</span>
                <span>{formatMoney(i.amount, tx.currency)}</span>
              </div>
            ))}
            {(tx.items?.length ?? 1) > 1 && (
              <div class="flex items-center justify-between pt-2">
                <span>Total</span>
                <strong>{formatMoney(tx.amount, tx.currency)}</strong>
              </div>
            )}
          </div>
          {tx.status !== "pending"
            ? (
              <Alert kind="info">
                This payment is already {tx.status}.{" "}
                <a class="underline" href="/orders">See your orders</a>
              </Alert>
            )
            : (
              <form method="post" action={`/checkout/test/${tx.id}/pay`} class="space-y-3">
                <label class="block">
                  <span class="label">Card number</span>
                  <input class="input" value="4242 4242 4242 4242" readOnly />
                </label>
                <button class="btn btn-primary w-full" type="submit" data-testid="pay">
                  Pay {formatMoney(tx.amount, tx.currency)}
                </button>
              </form>
            )}
          <a
            class="block text-center text-sm text-slate-500 hover:underline"
            href={`/checkout/cancel?tx=${tx.id}`}
          >
            Cancel and go back
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
  if (tx.status === "refunded" && !tx.orderId) {
    return page(
      c,
      { title: "Payment refunded" },
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">Your payment was refunded</h1>
        <p class="text-slate-600">
          You already own this template, or it was taken off sale while you paid. No order was made
          and the full amount goes back to your card.
        </p>
        <a class="btn btn-primary" href="/orders">Go to my orders</a>
      </div>,
    );
  }
  if (tx.status === "failed") {
    return page(
      c,
      { title: "Payment not completed" },
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">The payment did not go through</h1>
        <p class="text-slate-600">
          Nothing was delivered. You can try again from the template's page.
        </p>
        <a class="btn btn-primary" href={`/marketplace/${tx.listingId}`}>Back to the template</a>
      </div>,
    );
  }
  const done = tx.status === "completed";
  const bundle = (tx.orderIds?.length ?? 0) > 1;
  if (!done) c.header("refresh", "2");
  const order = done && tx.orderId ? await getOrder(tx.orderId) : null;
  return page(
    c,
    { title: done ? "Payment complete" : "Confirming payment" },
    (
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">
          {done ? "Thank you! Your template is ready." : "Confirming your payment…"}
        </h1>
        <p class="text-slate-600">
          {done
            ? "An editable copy is now in your pages."
            : "This page refreshes by itself once the payment is confirmed."}
        </p>
        {bundle && (
          <p class="text-slate-600" data-testid="bundle-done">
            {tx.orderIds!.length} templates are now in your pages.
          </p>
        )}
        {order && (
          <div class="flex justify-center gap-3">
            <a class="btn btn-primary" href={`/pages/${order.createdPageId}/edit`}>
              Edit my copy
            </a>
            <a class="btn btn-secondary" href="/orders" data-testid="to-orders">See my orders</a>
          </div>
        )}
      </div>
    ),
  );
});

app.get("/cancel", publicRoute, (c) =>
  page(
    c,
    { title: "Payment cancelled" },
    (
      <div class="mx-auto max-w-lg space-y-4 py-12 text-center">
        <h1 class="text-2xl font-semibold">Payment cancelled</h1>
        <p class="text-slate-600">Nothing was charged.</p>
        <a class="btn btn-secondary" href="/marketplace">Back to the marketplace</a>
      </div>
    ),
  ));

export default app;
