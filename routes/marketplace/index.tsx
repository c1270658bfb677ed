// /marketplace/*: browse and search, a template's page with a live preview and the Buy button
// (public), selling and editing a listing (signed in). Plain forms, no JavaScript. Each route
// carries its own guard (routes/manifest.ts: "per-route").
// Over 400 lines: the sell and edit forms share ListingFields; the listing page's body is in
// _listing-page.tsx, its data reads and form posts (buy, like, review, reply) stay here.
import { type Context, Hono } from "hono";
import { Alert, fieldAria, FieldError } from "../../components/Form.tsx";
import { categoryName, ListingCard } from "../../components/ListingCard.tsx";
import { ListingPage } from "./_listing-page.tsx";
import {
  type AppEnv,
  AppError,
  clientIp,
  formAction,
  formBody,
  notFound,
  parseWith,
} from "../../lib/http/index.ts";
import { config } from "../../lib/config.ts";
import { keys, kv } from "../../lib/kv/index.ts";
import {
  browseGeneration,
  CATEGORIES,
  countListingView,
  createListing,
  getListing,
  getOwnReview,
  getSellerProfile,
  getVisibleListing,
  hasLiked,
  isOnSale,
  listingViews,
  listReviewsPage,
  listSellerListingsPage,
  newListingSchema,
  replyToReview,
  saveReview,
  searchListings,
  searchSchema,
  setLike,
  SORT_OPTIONS,
  updateListing,
  withdrawListing,
} from "../../lib/market/index.ts";
import { listOwnPages } from "../../lib/pages/index.ts";
import {
  createPayment,
  PLATFORM_FEE_PERCENT,
  previewDiscount,
  type Purchase,
} from "../../lib/payments/index.ts";
import { SellerListings } from "./_seller-listings.tsx";
import {
  ListingFields,
  type ListingValues,
  listingValues,
  priceInMinorUnits,
} from "./_listing-fields.tsx";
import { page } from "../../components/render.tsx";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { offerPrepared } from "../../lib/http/prepared.ts";
import { type MessageKey, t, translator } from "../../lib/i18n/index.ts";
import { rich } from "../../components/Rich.tsx";

const app = new Hono<AppEnv>();

// The browse page forgives what a person may type into its URL: a filter it cannot read is
// left out rather than answered with an error (the JSON API is strict).
const dollarsToCents = (v: string | undefined) =>
  v && Number(v) >= 0 ? String(Math.round(Number(v) * 100)) : undefined;

const SORT_LABELS = SORT_OPTIONS.map((v) => [v, `market.sort.${v}` as MessageKey] as const);

app.get("/", publicRoute, async (c) => {
  const q = c.req.query();
  const query = parseWith(searchSchema, {
    q: q.q?.slice(0, 200) || undefined,
    category: q.category?.slice(0, 40) || undefined,
    minPrice: dollarsToCents(q.min),
    maxPrice: dollarsToCents(q.max),
    sort: (SORT_OPTIONS as readonly string[]).includes(q.sort) ? q.sort : "newest",
    limit: "20",
    cursor: q.cursor?.slice(0, 2000) || undefined,
  });
  // Signed out, the document depends only on the URL, the language and the result page, which
  // lib/market keeps (cached per query) until a listing or a seller's standing changes: it is
  // offered to lib/http/prepared.ts, which answers the next signed-out visitors from memory.
  const generation = browseGeneration();
  // A cursor from another query (or typed by hand) starts again at the first page.
  const { items, cursor } = await searchListings(query).catch((err) => {
    if (err instanceof AppError && err.status === 400) {
      return searchListings({ ...query, cursor: undefined });
    }
    throw err;
  });
  const tr = translator(c.get("locale"));
  const next = new URLSearchParams({ ...q, cursor: cursor ?? "" });
  const res = await page(
    c,
    {
      title: tr("market.browse.title"),
      active: "/marketplace",
      seo: { path: "/marketplace", description: tr("market.browse.seo") },
    },
    (
      <div class="space-y-6">
        <div class="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 class="text-2xl font-semibold">{tr("market.browse.title")}</h1>
            <p class="text-slate-600">{tr("market.browse.lead")}</p>
          </div>
          {c.get("user") && (
            <a class="btn btn-secondary" href="/marketplace/sell">{tr("market.browse.sell")}</a>
          )}
        </div>
        <form method="get" class="card grid gap-3 p-4 md:grid-cols-6" role="search">
          <input
            class="input md:col-span-2"
            name="q"
            value={q.q ?? ""}
            placeholder={tr("market.browse.placeholder")}
            aria-label={tr("market.browse.search")}
          />
          <select class="input" name="category" aria-label={tr("market.browse.category")}>
            <option value="">{tr("market.browse.allCategories")}</option>
            {CATEGORIES.map((cat) => (
              <option key={cat} value={cat} selected={cat === q.category}>
                {categoryName(tr, cat)}
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
              placeholder={tr("market.browse.min")}
              aria-label={tr("market.browse.minLabel")}
            />
            <input
              class="input"
              name="max"
              type="number"
              min="0"
              step="1"
              value={q.max ?? ""}
              placeholder={tr("market.browse.max")}
              aria-label={tr("market.browse.maxLabel")}
            />
          </div>
          <select class="input" name="sort" aria-label={tr("market.browse.sort")}>
            {SORT_LABELS.map(([v, l]) => (
              <option key={v} value={v} selected={v === query.sort}>{tr(l)}</option>
            ))}
          </select>
          <button class="btn btn-primary" type="submit">{tr("market.browse.search")}</button>
        </form>
        <h2 class="sr-only">{tr("market.browse.templates")}</h2>
        {items.length === 0
          ? <p class="text-slate-600">{tr("market.browse.empty")}</p>
          : (
            <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
              {items.map((l) => <ListingCard key={l.id} listing={l} />)}
            </div>
          )}
        {cursor && (
          <a class="btn btn-secondary" href={`/marketplace?${next}`}>
            {tr("market.browse.next")}
          </a>
        )}
      </div>
    ),
  );
  if (!c.get("user") && res.status === 200 && browseGeneration() === generation) {
    const html = await res.clone().text();
    offerPrepared(
      c.req.raw,
      c.get("locale"),
      html,
      "/marketplace",
      () => browseGeneration() === generation,
    );
  }
  return res;
});

/**
 * The sell page; after a refused post it shows the form again with `values` and `err`'s field
 * errors (a problem without a field goes on top, in words).
 */
async function sellPage(c: Context<AppEnv>, values: ListingValues = {}, err?: AppError) {
  const user = requireUser(c);
  // The seller's listings by cursor (not the whole collection); a page is listable when no live
  // listing holds it (the listings_by_page claim, read for the candidate pages only).
  const cursor = c.req.query("listings")?.slice(0, 2000) || null;
  const listings = await listSellerListingsPage(user.id, { limit: 20, cursor }).catch((err) => {
    if (err instanceof AppError && err.status === 400) {
      return listSellerListingsPage(user.id, { limit: 20 });
    }
    throw err;
  });
  const candidates = (await listOwnPages(user.id, { limit: 100 })).items.filter((p) =>
    p.status === "published" && !p.sourceListingId
  );
  const claims = await Promise.all(
    candidates.map((p) => kv().get(keys.listingByPage(p.id)).then((e) => !!e.value)),
  );
  const pages = candidates.filter((_, i) => !claims[i]);
  const errors = err?.fields ?? {};
  const tr = translator(c.get("locale"));
  return page(
    c,
    { title: tr("market.browse.sell"), active: "/marketplace" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <h1 class="text-2xl font-semibold">{tr("market.browse.sell")}</h1>
        {err && (
          <Alert kind="error">
            {err.fields ? tr("market.form.attention") : err.message}
          </Alert>
        )}
        {!err && c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {pages.length === 0
          ? (
            <Alert kind="info">
              {rich(tr("market.sell.noPages"), {
                link: <a class="underline" href="/pages">{tr("market.sell.publishLink")}</a>,
              })}
            </Alert>
          )
          : (
            <form method="post" action="/marketplace/sell" class="card space-y-4 p-5">
              <label class="block">
                <span class="label">{tr("market.sell.page")}</span>
                <select
                  class="input"
                  name="pageId"
                  required
                  {...fieldAria("pageId", errors.pageId)}
                >
                  {pages.map((p) => (
                    <option key={p.id} value={p.id} selected={p.id === values.pageId}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <FieldError name="pageId" error={errors.pageId} />
              </label>
              <ListingFields values={values} errors={errors} />
              <p class="text-sm text-slate-500">
                {tr("market.sell.fee", { fee: PLATFORM_FEE_PERCENT })}
              </p>
              <button class="btn btn-primary" type="submit">{tr("market.sell.submit")}</button>
            </form>
          )}
        <section class="space-y-2">
          <h2 class="text-lg font-semibold">{tr("market.sell.yours")}</h2>
          {listings.items.length === 0 && (
            <p class="text-sm text-slate-600">{tr("market.sell.none")}</p>
          )}
          <SellerListings listings={listings.items} />
          {listings.cursor && (
            <a
              class="btn btn-secondary"
              href={`/marketplace/sell?listings=${encodeURIComponent(listings.cursor)}`}
            >
              {tr("market.sell.more")}
            </a>
          )}
        </section>
      </div>
    ),
  );
}

app.get("/sell", signedIn, (c) => sellPage(c));

app.post("/sell", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  let listingId = "";
  return await formAction(
    c,
    "/marketplace/sell",
    async () => {
      const input = parseWith(newListingSchema, {
        ...form,
        price: priceInMinorUnits(form.price, form.currency),
      });
      listingId = (await createListing(user, input)).id;
    },
    { rerender: (err) => sellPage(c, form, err) },
  ).then((res) => listingId ? c.redirect(`/marketplace/${listingId}?done=submitted`, 303) : res);
});

async function editPage(c: Context<AppEnv>, values?: ListingValues, err?: AppError) {
  const user = requireUser(c);
  const listing = await getVisibleListing(c.req.param("id") ?? "", user);
  if (listing.sellerId !== user.id || listing.status === "archived") throw notFound("Listing");
  const tr = translator(c.get("locale"));
  return page(
    c,
    { title: tr("market.edit.title", { title: listing.title }), active: "/sales" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <a href="/sales" class="text-sm text-brand-600">{tr("market.edit.back")}</a>
        <h1 class="text-2xl font-semibold">
          {tr("market.edit.heading", { title: listing.title })}
        </h1>
        {err && (
          <Alert kind="error">
            {err.fields ? tr("market.form.attention") : err.message}
          </Alert>
        )}
        {!err && c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {listing.rejectReason && (
          <Alert kind="error">
            {tr("market.edit.notApproved", { reason: listing.rejectReason })}
          </Alert>
        )}
        <form method="post" action={`/marketplace/${listing.id}/edit`} class="card space-y-4 p-5">
          <ListingFields
            values={values ?? listingValues(listing)}
            errors={err?.fields}
            currencyFixed
          />
          <p class="text-sm text-slate-500">
            {tr(listing.status === "approved" ? "market.edit.priceAtOnce" : "market.edit.toReview")}
          </p>
          <button class="btn btn-primary" type="submit" data-testid="save-listing">
            {tr("market.edit.save")}
          </button>
        </form>
        <form method="post" action={`/marketplace/${listing.id}/withdraw`} class="card p-5">
          <p class="mb-3 text-sm text-slate-600">
            {tr("market.edit.withdrawLead")}
          </p>
          <details>
            <summary class="btn btn-danger cursor-pointer list-none">
              {tr("market.edit.withdraw")}
            </summary>
            <p class="my-2 text-sm">{tr("market.edit.withdrawAsk")}</p>
            <button class="btn btn-danger" type="submit">{tr("market.edit.withdrawYes")}</button>
          </details>
        </form>
      </div>
    ),
  );
}

app.get("/:id/edit", signedIn, (c) => editPage(c));

app.post("/:id/edit", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const id = c.req.param("id");
  // A missing listing stays a 404 (formAction only turns 4xx into a form page; 404 has no form).
  return await formAction(
    c,
    "/sales?done=saved",
    async () => {
      // A listing keeps its currency: the price is read in the stored one, whatever was posted.
      const { currency: _posted, ...fields } = form;
      const currency = (await getListing(id))?.currency;
      return updateListing(user, id, { ...fields, price: priceInMinorUnits(form.price, currency) });
    },
    { rerender: (err) => err.status === 404 ? Promise.reject(err) : editPage(c, form, err) },
  );
});

app.post("/:id/withdraw", signedIn, async (c) => {
  await withdrawListing(requireUser(c), c.req.param("id"));
  return c.redirect("/sales?done=withdrawn", 303);
});

app.get("/:id", publicRoute, async (c) => {
  const viewer = c.get("user");
  const listing = await getVisibleListing(c.req.param("id"), viewer);
  // A garbled ?reviews= cursor starts the reviews again from the newest (the page forgives).
  const reviewsPage = (cursor: string | null) => listReviewsPage(listing.id, { limit: 10, cursor });
  const [reviews, purchase, mine, liked, views, seller] = await Promise.all([
    reviewsPage(c.req.query("reviews")?.slice(0, 2000) || null).catch((err) => {
      if (err instanceof AppError && err.status === 400) return reviewsPage(null);
      throw err;
    }),
    viewer ? kv().get<Purchase>(keys.purchase(viewer.id, listing.id)).then((e) => e.value) : null,
    viewer ? getOwnReview(viewer.id, listing.id) : null,
    viewer ? hasLiked(viewer.id, listing.id) : false,
    listingViews(listing.id),
    getSellerProfile(listing.sellerId),
  ]);
  if (isOnSale(listing)) countListingView(c.req.raw, listing, viewer?.id ?? null);
  const image = listing.thumbnailUrl ?? listing.images[0] ?? null;
  // `?code=` shows the discounted price and fills the code field of the Buy form.
  const offer = await previewDiscount(listing, c.req.query("code")?.slice(0, 40));
  return page(
    c,
    {
      title: listing.title,
      active: "/marketplace",
      seo: {
        path: `/marketplace/${listing.id}`,
        description: t(c.get("locale"), "market.listing.seo", {
          description: listing.description.slice(0, 200),
          category: categoryName(translator(c.get("locale")), listing.category),
          seller: listing.sellerName,
        }),
        image,
        type: "product",
        noindex: !isOnSale(listing),
      },
    },
    <ListingPage
      listing={listing}
      viewer={viewer}
      owned={purchase?.status === "delivered"}
      offer={offer}
      mine={mine}
      reviews={reviews.items}
      reviewsCursor={reviews.cursor}
      liked={liked}
      views={views}
      seller={seller}
      done={c.req.query("done")}
      error={c.req.query("error")}
    />,
  );
});

app.post("/:id/like", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const id = c.req.param("id");
  return await formAction(c, `/marketplace/${id}`, () => setLike(user, id, form.liked !== "0"));
});

app.post("/:id/reviews/:reviewId/reply", signedIn, async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const id = c.req.param("id");
  return await formAction(
    c,
    `/marketplace/${id}`,
    () => replyToReview(user, id, c.req.param("reviewId"), { text: form.text ?? "" }),
  );
});

app.post("/:id/buy", signedIn, async (c) => {
  const user = requireUser(c);
  try {
    const body = await c.req.parseBody();
    const provider = String(body.provider ?? "");
    const { transaction, checkoutUrl } = await createPayment(user, c.req.param("id"), {
      provider: provider === "vnpay" || provider === "momo" ? provider : "stripe",
      ip: clientIp(c, config().trustProxy),
      discountCode: String(body.code ?? "").slice(0, 40) || null,
    });
    // A total of 0 (free, or a 100% code) was delivered at once: no checkout.
    return c.redirect(checkoutUrl ?? `/checkout/success?tx=${transaction.id}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || (err.status !== 409 && err.status !== 422)) throw err;
    return c.redirect(
      `/marketplace/${c.req.param("id")}?error=${encodeURIComponent(err.message)}`,
      303,
    );
  }
});

app.post("/:id/review", signedIn, async (c) => {
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

export default app;
