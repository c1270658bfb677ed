// The marketplace for people: browse and search, a template's page with a live preview and the
// Buy button, selling a page, the test checkout, orders and sales. Plain forms, no JavaScript.
import { config } from "../lib/config.ts";
import { getBalance } from "../lib/auth/index.ts";
import { Hono } from "hono";
import { Alert } from "../components/Form.tsx";
import { ListingCard, ListingThumb, Stars } from "../components/ListingCard.tsx";
import {
  type AppEnv,
  AppError,
  describeError,
  formAction,
  formBody,
  notFound,
  parseWith,
} from "../lib/http/index.ts";
import { keys, kv } from "../lib/kv/index.ts";
import {
  CATEGORIES,
  categoryLabel,
  createListing,
  createListingSchema,
  getVisibleListing,
  isOnSale,
  type Listing,
  listReviews,
  listSellerListings,
  saveReview,
  searchListings,
  searchSchema,
  SORT_OPTIONS,
  updateListing,
  withdrawListing,
} from "../lib/market/index.ts";
import { listOwnPages } from "../lib/pages/index.ts";
import {
  createPayment,
  formatMoney,
  getOrder,
  getOwnTransaction,
  listOrdersOfBuyer,
  listOrdersOfSeller,
  listPayouts,
  payWithTestCheckout,
  PLATFORM_FEE_PERCENT,
  type Purchase,
  requestPayout,
} from "../lib/payments/index.ts";
import { page } from "../components/render.tsx";
import { requireUser } from "../lib/http/session.ts";

const app = new Hono<AppEnv>();

// The browse page forgives what a person may type into its URL: a filter it cannot read is
// left out rather than answered with an error (the JSON API is strict).
const dollarsToCents = (v: string | undefined) =>
  v && Number(v) >= 0 ? String(Math.round(Number(v) * 100)) : undefined;

app.get("/marketplace", async (c) => {
  const q = c.req.query();
  const query = parseWith(searchSchema, {
    q: q.q?.slice(0, 200) || undefined,
    category: q.category?.slice(0, 40) || undefined,
    minPrice: dollarsToCents(q.min),
    maxPrice: dollarsToCents(q.max),
    sort: (SORT_OPTIONS as readonly string[]).includes(q.sort) ? q.sort : "newest",
    limit: "20",
    cursor: /^\d{1,6}$/.test(q.cursor ?? "") ? q.cursor : undefined,
  });
  const { items, cursor } = await searchListings(query);
  const next = new URLSearchParams({ ...q, cursor: cursor ?? "" });
  return page(
    c,
    { title: "Marketplace", active: "/marketplace" },
    (
      <div class="space-y-6">
        <div class="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 class="text-2xl font-semibold">Template marketplace</h1>
            <p class="text-slate-600">
              Landing pages made by other creators. Buy one, get an editable copy.
            </p>
          </div>
          {c.get("user") && (
            <a class="btn btn-secondary" href="/marketplace/sell">Sell a template</a>
          )}
        </div>
        <form method="get" class="card grid gap-3 p-4 md:grid-cols-6" role="search">
          <input
            class="input md:col-span-2"
            name="q"
            value={q.q ?? ""}
            placeholder="Search templates, sellers…"
            aria-label="Search"
          />
          <select class="input" name="category" aria-label="Category">
            <option value="">All categories</option>
            {CATEGORIES.map((cat) => (
              <option key={cat} value={cat} selected={cat === q.category}>
                {categoryLabel(cat)}
              </option>
            ))}
          </select>
          <div class="flex gap-2">
            <input
              class="input"
              name="min"
              type="number"
              min="0"
              step="1"
              value={q.min ?? ""}
              placeholder="Min $"
              aria-label="Minimum price"
            />
            <input
              class="input"
              name="max"
              type="number"
              min="0"
              step="1"
              value={q.max ?? ""}
              placeholder="Max $"
              aria-label="Maximum price"
            />
          </div>
          <select class="input" name="sort" aria-label="Sort">
            {[["newest", "Newest"], ["popular", "Most popular"], ["rating", "Best rated"], [
              "price_asc",
              "Price: low to high",
            ], ["price_desc", "Price: high to low"]].map(([v, l]) => (
              <option key={v} value={v} selected={v === query.sort}>{l}</option>
            ))}
          </select>
          <button class="btn btn-primary" type="submit">Search</button>
        </form>
        {items.length === 0
          ? <p class="text-slate-600">No templates match. Try fewer words or another category.</p>
          : (
            <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
              {items.map((l) => <ListingCard key={l.id} listing={l} />)}
            </div>
          )}
        {cursor && <a class="btn btn-secondary" href={`/marketplace?${next}`}>Next page</a>}
      </div>
    ),
  );
});

/** The listing's own fields, shared by the sell and edit forms. */
function ListingFields({ listing }: { listing?: Listing }) {
  return (
    <>
      <label class="block">
        <span class="label">Title</span>
        <input
          class="input"
          name="title"
          required
          minLength={3}
          maxLength={120}
          value={listing?.title}
        />
      </label>
      <label class="block">
        <span class="label">Description</span>
        <textarea
          class="input"
          name="description"
          rows={4}
          required
          minLength={10}
          maxLength={4000}
        >
          {listing?.description}
        </textarea>
      </label>
      <div class="grid grid-cols-2 gap-4">
        <label class="block">
          <span class="label">Category</span>
          <select class="input" name="category">
            {CATEGORIES.map((cat) => (
              <option key={cat} value={cat} selected={cat === listing?.category}>
                {categoryLabel(cat)}
              </option>
            ))}
          </select>
        </label>
        <label class="block">
          <span class="label">Price (USD)</span>
          <input
            class="input"
            name="price"
            type="number"
            min="1"
            step="0.01"
            required
            value={listing ? (listing.price / 100).toFixed(2) : undefined}
          />
        </label>
      </div>
    </>
  );
}

/** A seller's listings with what they can do about each. */
function SellerListings({ listings }: { listings: Listing[] }) {
  return (
    <>
      {listings.filter((l) => l.status !== "archived").map((l) => (
        <div key={l.id} class="card flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
          <a class="font-medium hover:underline" href={`/marketplace/${l.id}`}>{l.title}</a>
          <span class="flex flex-wrap items-center gap-2">
            {formatMoney(l.price, l.currency)}
            <span class="badge bg-slate-100">
              {l.status === "approved" && !isOnSale(l) ? "approved · page unpublished" : l.status}
            </span>
            {l.rejectReason && <span class="text-red-700">“{l.rejectReason}”</span>}
            <a class="btn btn-secondary !py-1" href={`/marketplace/${l.id}/edit`}>
              {l.status === "rejected" ? "Edit and resubmit" : "Edit"}
            </a>
          </span>
        </div>
      ))}
    </>
  );
}

app.get("/marketplace/sell", async (c) => {
  const user = requireUser(c);
  const listings = await listSellerListings(user.id);
  const listed = new Set(listings.filter((l) => l.status !== "archived").map((l) => l.pageId));
  const pages = (await listOwnPages(user.id, { limit: 100 })).items.filter((p) =>
    p.status === "published" && !p.sourceListingId && !listed.has(p.id)
  );
  return page(
    c,
    { title: "Sell a template", active: "/marketplace" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <h1 class="text-2xl font-semibold">Sell a template</h1>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {pages.length === 0
          ? (
            <Alert kind="info">
              Any page you built and published can be sold, once. You have none left to list:{" "}
              <a class="underline" href="/pages">publish a page</a>{" "}
              first (templates you bought are yours to use, not to resell).
            </Alert>
          )
          : (
            <form method="post" action="/marketplace/sell" class="card space-y-4 p-5">
              <label class="block">
                <span class="label">Page</span>
                <select class="input" name="pageId" required>
                  {pages.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                </select>
              </label>
              <ListingFields />
              <p class="text-sm text-slate-500">
                LandingHub keeps 10%. An admin reviews each listing before it is shown.
              </p>
              <button class="btn btn-primary" type="submit">Submit for review</button>
            </form>
          )}
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Your listings</h2>
          {listings.length === 0 && <p class="text-sm text-slate-500">Nothing listed yet.</p>}
          <SellerListings listings={listings} />
        </section>
      </div>
    ),
  );
});

app.post("/marketplace/sell", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  try {
    const input = parseWith(createListingSchema, {
      ...form,
      price: Math.round(Number(form.price) * 100),
    });
    const listing = await createListing(user, input);
    return c.redirect(`/marketplace/${listing.id}`, 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return c.redirect(`/marketplace/sell?error=${encodeURIComponent(describeError(err))}`, 303);
  }
});

app.get("/marketplace/:id/edit", async (c) => {
  const user = requireUser(c);
  const listing = await getVisibleListing(c.req.param("id"), user);
  if (listing.sellerId !== user.id || listing.status === "archived") throw notFound("Listing");
  return page(
    c,
    { title: `Edit ${listing.title}`, active: "/sales" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <a href="/sales" class="text-sm text-brand-600">← Sales</a>
        <h1 class="text-2xl font-semibold">Edit “{listing.title}”</h1>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {listing.rejectReason && <Alert kind="error">Not approved: {listing.rejectReason}</Alert>}
        <form method="post" action={`/marketplace/${listing.id}/edit`} class="card space-y-4 p-5">
          <ListingFields listing={listing} />
          <p class="text-sm text-slate-500">
            {listing.status === "approved"
              ? "A new price applies at once; changes to the words go back to review first."
              : "Saving sends the listing to an admin for review."}
          </p>
          <button class="btn btn-primary" type="submit" data-testid="save-listing">Save</button>
        </form>
        <form method="post" action={`/marketplace/${listing.id}/withdraw`} class="card p-5">
          <p class="mb-3 text-sm text-slate-600">
            Withdrawing takes the template off the marketplace for good. Buyers keep their copies,
            and you can list the page again later.
          </p>
          <button class="btn btn-danger" type="submit">Withdraw listing</button>
        </form>
      </div>
    ),
  );
});

app.post("/marketplace/:id/edit", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const id = c.req.param("id");
  try {
    await updateListing(user, id, { ...form, price: Math.round(Number(form.price) * 100) });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    return c.redirect(
      `/marketplace/${id}/edit?error=${encodeURIComponent(describeError(err))}`,
      303,
    );
  }
  return c.redirect("/sales", 303);
});

app.post("/marketplace/:id/withdraw", async (c) => {
  await withdrawListing(requireUser(c), c.req.param("id"));
  return c.redirect("/sales", 303);
});

app.get("/marketplace/:id", async (c) => {
  const viewer = c.get("user");
  const listing = await getVisibleListing(c.req.param("id"), viewer);
  const [reviews, purchase] = await Promise.all([
    listReviews(listing.id),
    viewer ? kv().get<Purchase>(keys.purchase(viewer.id, listing.id)).then((e) => e.value) : null,
  ]);
  const owned = purchase?.status === "delivered";
  const mine = viewer ? reviews.find((r) => r.buyerId === viewer.id) : undefined;
  return page(
    c,
    { title: listing.title, active: "/marketplace" },
    (
      <div class="grid gap-8 lg:grid-cols-3">
        <div class="space-y-4 lg:col-span-2">
          <a href="/marketplace" class="text-sm text-brand-600">← Marketplace</a>
          <h1 class="text-3xl font-bold">{listing.title}</h1>
          {listing.status !== "approved" && (
            <Alert kind="info">
              This listing is {listing.status}
              {listing.rejectReason ? `: ${listing.rejectReason.replace(/\.$/, "")}` : ""}. Buyers
              cannot see it.
            </Alert>
          )}
          {listing.status === "approved" && !isOnSale(listing) && (
            <Alert kind="info">
              Not on sale right now: the page behind this template is unpublished.
              {viewer?.id === listing.sellerId && " Publish it again to put the listing back."}
            </Alert>
          )}
          <div class="card overflow-hidden">
            <div class="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-500">
              <span>Live preview</span>
              <a href={listing.previewUrl} target="_blank" rel="noopener" class="text-brand-600">
                Open in a new tab ↗
              </a>
            </div>
            <iframe
              src={listing.previewUrl}
              title={`Live preview of ${listing.title}`}
              class="h-[560px] w-full"
              loading="lazy"
              sandbox="allow-same-origin"
            />
          </div>
          <p class="whitespace-pre-line text-slate-700">{listing.description}</p>
        </div>
        <aside class="space-y-4">
          <div class="card space-y-3 p-5">
            <ListingThumb listing={listing} class="h-32 w-full rounded-lg" />
            <p class="text-3xl font-bold">{formatMoney(listing.price, listing.currency)}</p>
            <Stars rating={listing.rating} count={listing.reviewCount} />
            <p class="text-sm text-slate-600">
              by <strong>{listing.sellerName}</strong> · {categoryLabel(listing.category)} ·{" "}
              {listing.soldCount} sold
            </p>
            {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
            {!viewer && (
              <a
                class="btn btn-primary w-full"
                href={`/auth/login?next=/marketplace/${listing.id}`}
              >
                Sign in to buy
              </a>
            )}
            {viewer && viewer.id === listing.sellerId && (
              <p class="text-sm text-slate-500">This is your template.</p>
            )}
            {viewer && viewer.id !== listing.sellerId &&
              (owned
                ? (
                  <a class="btn btn-secondary w-full" href="/orders">
                    You own this — see your orders
                  </a>
                )
                : isOnSale(listing) && (
                  <form method="post" action={`/marketplace/${listing.id}/buy`}>
                    <button class="btn btn-primary w-full" type="submit" data-testid="buy">
                      Buy for {formatMoney(listing.price, listing.currency)}
                    </button>
                  </form>
                ))}
          </div>
          <section class="card space-y-3 p-5">
            <h2 class="font-semibold">Reviews</h2>
            {owned && (
              <form method="post" action={`/marketplace/${listing.id}/review`} class="space-y-2">
                <select class="input" name="rating" aria-label="Rating" required>
                  <option value="" selected={!mine} disabled>Choose a rating</option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n} selected={mine?.rating === n}>{"★".repeat(n)}</option>
                  ))}
                </select>
                <textarea
                  class="input"
                  name="comment"
                  rows={2}
                  maxLength={2000}
                  required
                  placeholder="What did you think?"
                  value={mine?.comment}
                />
                <button class="btn btn-secondary w-full" type="submit">
                  {mine ? "Update your review" : "Post review"}
                </button>
              </form>
            )}
            {reviews.length === 0 && <p class="text-sm text-slate-500">No reviews yet.</p>}
            {reviews.map((r) => (
              <div key={r.id} class="border-t border-slate-100 pt-2 text-sm">
                <Stars rating={r.rating} /> <strong>{r.buyerName}</strong>{" "}
                <span class="text-slate-500">· {r.createdAt.slice(0, 10)}</span>
                {r.comment && <p class="text-slate-700">{r.comment}</p>}
              </div>
            ))}
          </section>
        </aside>
      </div>
    ),
  );
});

app.post("/marketplace/:id/buy", async (c) => {
  const user = requireUser(c);
  try {
    const { checkoutUrl } = await createPayment(user, c.req.param("id"));
    return c.redirect(checkoutUrl, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    return c.redirect(
      `/marketplace/${c.req.param("id")}?error=${encodeURIComponent(err.message)}`,
      303,
    );
  }
});

app.post("/marketplace/:id/review", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  return await formAction(
    c,
    `/marketplace/${c.req.param("id")}`,
    () =>
      saveReview(user, c.req.param("id"), {
        rating: Number(form.rating),
        comment: (form.comment ?? "").slice(0, 2000),
      }),
  );
});

app.get("/checkout/test/:tx", async (c) => {
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
          <div class="flex items-center justify-between border-y border-slate-200 py-3">
            <span>{listing.title}</span>
            <strong>{formatMoney(tx.amount, tx.currency)}</strong>
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

app.post("/checkout/test/:tx/pay", async (c) => {
  const user = requireUser(c);
  try {
    await payWithTestCheckout(user.id, c.req.param("tx"));
  } catch (err) {
    // Paid already (a second tab, the back button): show how that payment ended.
    if (!(err instanceof AppError) || err.code !== "already_paid") throw err;
  }
  return c.redirect(`/checkout/success?tx=${c.req.param("tx")}`, 303);
});

app.get("/checkout/success", async (c) => {
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
  const done = tx.status === "completed";
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

app.get("/checkout/cancel", (c) =>
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

app.get("/orders", async (c) => {
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

app.get("/sales", async (c) => {
  const user = requireUser(c);
  const [orders, balance, payouts, listings] = await Promise.all([
    listOrdersOfSeller(user.id),
    getBalance(user.id),
    listPayouts(user.id),
    listSellerListings(user.id),
  ]);
  const money = (n: number) => formatMoney(n, balance.currency);
  const requested = payouts.filter((p) => p.status === "requested")
    .reduce((sum, p) => sum + p.amount, 0);
  const holdDays = config().refundWindowDays;
  const releaseDay = (o: { createdAt: string }) =>
    new Date(Date.parse(o.createdAt) + holdDays * 864e5).toISOString().slice(0, 10);
  return page(
    c,
    { title: "Sales", active: "/sales" },
    (
      <div class="space-y-6">
        <h1 class="text-2xl font-semibold">Sales</h1>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <section class="grid gap-4 sm:grid-cols-4">
          <div class="card p-4">
            <p class="text-sm text-slate-500">Held (refund window)</p>
            <p class="text-2xl font-semibold" data-testid="held">{money(balance.held)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Available</p>
            <p class="text-2xl font-semibold" data-testid="available">{money(balance.available)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Payouts requested</p>
            <p class="text-2xl font-semibold" data-testid="requested">{money(requested)}</p>
          </div>
          <div class="card p-4">
            <p class="text-sm text-slate-500">Paid out</p>
            <p class="text-2xl font-semibold">{money(balance.paidOut)}</p>
          </div>
        </section>
        <p class="text-sm text-slate-600">
          LandingHub keeps {PLATFORM_FEE_PERCENT}% of each sale. Your share is held for {holdDays}
          {" "}
          days in case the buyer asks for a refund, then becomes available to pay out.
          {balance.available < 0 &&
            " Your available balance is negative because of a refund made after the hold; later sales make it up first."}
        </p>
        <form method="post" action="/sales/payout" class="card flex flex-wrap items-end gap-3 p-4">
          <label class="block">
            <span class="label">Request a payout (USD)</span>
            <input
              class="input"
              name="amount"
              type="number"
              min="1"
              step="0.01"
              max={balance.available / 100}
              placeholder={`up to ${(Math.max(0, balance.available) / 100).toFixed(2)}`}
              required
            />
          </label>
          <button class="btn btn-primary" type="submit" disabled={balance.available < 100}>
            Request payout
          </button>
        </form>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Sold</h2>
          {orders.length === 0 && <p class="text-slate-600">No sales yet.</p>}
          {orders.map((o) => (
            <div key={o.id} class="card flex justify-between p-3 text-sm">
              <span>{o.title} · {o.createdAt.slice(0, 10)}</span>
              <span>
                {money(o.sellerAmount)} ·{" "}
                <span class="badge bg-slate-100">
                  {o.status === "refunded"
                    ? "refunded"
                    : o.disputed
                    ? "held: disputed"
                    : o.refundNote
                    ? o.refundNote
                    : o.released
                    ? "released"
                    : `held until ${releaseDay(o)}`}
                </span>
              </span>
            </div>
          ))}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Payouts</h2>
          {payouts.length === 0 && (
            <p class="text-sm text-slate-500">
              No payouts yet. Request one above once money is available.
            </p>
          )}
          {payouts.map((p) => (
            <div key={p.id} class="card flex justify-between p-3 text-sm">
              <span>{p.createdAt.slice(0, 10)}</span>
              <span>{money(p.amount)} · {p.status}</span>
            </div>
          ))}
        </section>
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">Listings</h2>
          <SellerListings listings={listings} />
          <a class="btn btn-secondary" href="/marketplace/sell">Sell a template</a>
        </section>
      </div>
    ),
  );
});

app.post("/sales/payout", async (c) => {
  const user = requireUser(c);
  const amount = Math.round(Number((await formBody(c)).amount) * 100);
  return await formAction(c, "/sales", () => {
    if (!Number.isInteger(amount) || amount < 100) {
      throw new AppError(422, "validation_failed", "Enter at least 1.00");
    }
    return requestPayout(user, amount);
  });
});

export default app;
