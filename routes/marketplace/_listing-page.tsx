// The body of a template's page (/marketplace/:id): live preview, price and Buy, licence, likes
// and views, the seller's storefront link, and reviews by cursor (with the buyer's own form and
// the seller's reply forms). Not a route ("_" files never are); routes/marketplace/index.tsx
// reads the data and renders this.
import { Alert, DoneNotice } from "../../components/Form.tsx";
import {
  categoryName,
  licenceName,
  ListingThumb,
  Stars,
  statusName,
} from "../../components/ListingCard.tsx";
import type { UserRecord } from "../../lib/auth/index.ts";
import { isOnSale, type Listing, type Review, type SellerProfile } from "../../lib/market/index.ts";
import { formatDateIn, formatMoneyIn } from "../../lib/i18n/index.ts";
import { useLocale, useT } from "../../lib/i18n/context.ts";
import { rich } from "../../components/Rich.tsx";

export interface ListingPageData {
  listing: Listing;
  viewer: UserRecord | null;
  owned: boolean;
  /** A `?code=` discount: the discounted price, or why the code does not apply. */
  offer: { code: string; price?: number; problem?: string } | null;
  mine: Review | null;
  reviews: Review[];
  reviewsCursor: string | null;
  liked: boolean;
  views: number;
  seller: SellerProfile | null;
  done?: string;
  error?: string;
}

function LikeButton(
  { listing, viewer, liked }: Pick<ListingPageData, "listing" | "viewer" | "liked">,
) {
  const t = useT();
  const count = listing.likeCount ?? 0;
  if (!viewer) {
    return (
      <a
        class="btn btn-secondary"
        href={`/auth/login?next=/marketplace/${listing.id}`}
        data-testid="likes"
      >
        <span aria-hidden="true">♡</span> {t("market.listing.likes", { count })}
        <span class="sr-only">{t("market.listing.signInToLike")}</span>
      </a>
    );
  }
  return (
    <form method="post" action={`/marketplace/${listing.id}/like`}>
      <input type="hidden" name="liked" value={liked ? "0" : "1"} />
      <button
        class="btn btn-secondary"
        type="submit"
        aria-pressed={liked ? "true" : "false"}
        data-testid="like"
      >
        <span aria-hidden="true" class={liked ? "text-red-600" : ""}>{liked ? "♥" : "♡"}</span>{" "}
        {t(liked ? "market.listing.liked" : "market.listing.like")} · {count}
      </button>
    </form>
  );
}

function ReviewItem(
  { review, listing, viewer }: { review: Review; listing: Listing; viewer: UserRecord | null },
) {
  const t = useT();
  const locale = useLocale();
  const isSeller = viewer?.id === listing.sellerId;
  return (
    <div class="border-t border-slate-100 pt-2 text-sm" data-testid="review">
      <Stars rating={review.rating} /> <strong>{review.buyerName}</strong>{" "}
      <span class="text-slate-600">
        · {formatDateIn(review.createdAt, locale)}
        {review.updatedAt ? ` ${t("market.listing.edited")}` : ""}
      </span>
      <p class="whitespace-pre-line text-slate-700">{review.comment}</p>
      {review.reply && (
        <div class="mt-1 border-l-2 border-brand-200 pl-2" data-testid="review-reply">
          <p class="text-xs font-medium text-slate-600">
            {t("market.listing.replyFrom", { seller: listing.sellerName })}
          </p>
          <p class="whitespace-pre-line text-slate-700">{review.reply.text}</p>
        </div>
      )}
      {isSeller && (
        <details class="mt-1">
          <summary class="cursor-pointer text-brand-700">
            {t(review.reply ? "market.listing.editReply" : "market.listing.reply")}
          </summary>
          <form
            method="post"
            action={`/marketplace/${listing.id}/reviews/${review.id}/reply`}
            class="mt-1 space-y-1"
          >
            <label class="block">
              <span class="sr-only">
                {t("market.listing.replyTo", { buyer: review.buyerName })}
              </span>
              <textarea class="input" name="text" rows={2} maxLength={2000} required>
                {review.reply?.text ?? ""}
              </textarea>
            </label>
            <button class="btn btn-secondary" type="submit">{t("market.listing.saveReply")}</button>
          </form>
        </details>
      )}
    </div>
  );
}

export function ListingPage(d: ListingPageData) {
  const { listing, viewer, owned, mine, offer } = d;
  const t = useT();
  const locale = useLocale();
  const money = (amount: number) => formatMoneyIn(amount, listing.currency, locale);
  const licence = licenceName(t, listing.licence);
  // The `?done=` notices this page can show (after selling, saving or withdrawing).
  const done = {
    submitted: t("market.done.submitted"),
    saved: t("market.done.saved"),
    withdrawn: t("market.done.withdrawn"),
  };
  return (
    <div class="grid gap-8 lg:grid-cols-3">
      <div class="space-y-4 lg:col-span-2">
        <a href="/marketplace" class="text-sm text-brand-700">{t("market.listing.back")}</a>
        <h1 class="text-3xl font-bold">{listing.title}</h1>
        <DoneNotice done={d.done} messages={done} />
        {listing.status !== "approved" && (
          <Alert kind="info">
            {listing.rejectReason
              ? t("market.listing.hiddenWhy", {
                status: statusName(t, listing.status),
                reason: listing.rejectReason.replace(/\.$/, ""),
              })
              : t("market.listing.hidden", { status: statusName(t, listing.status) })}
          </Alert>
        )}
        {listing.status === "approved" && !isOnSale(listing) && (
          <Alert kind="info">
            {t("market.listing.offSale")}
            {viewer?.id === listing.sellerId && ` ${t("market.listing.offSaleMine")}`}
          </Alert>
        )}
        {
          /* The live preview opens on request: rendering a whole landing page in a frame on
          arrival was most of this page's blocking time on a phone (Lighthouse 87–93 → 100), and
          a closed <details> needs no script. */
        }
        <details class="card overflow-hidden" data-testid="live-preview">
          <summary class="flex cursor-pointer items-center justify-between px-4 py-3 text-sm font-medium text-slate-700">
            {t("market.listing.livePreview")}
            <span class="text-brand-700">{t("market.listing.showPreview")}</span>
          </summary>
          <iframe
            src={listing.previewUrl}
            title={t("market.listing.previewOf", { title: listing.title })}
            class="h-[560px] w-full border-t border-slate-200"
            loading="lazy"
            sandbox="allow-same-origin"
          />
        </details>
        <p class="text-sm">
          <a href={listing.previewUrl} target="_blank" rel="noopener" class="text-brand-700">
            {t("market.listing.newTab")}
          </a>
        </p>
        <p class="whitespace-pre-line text-slate-700">{listing.description}</p>
      </div>
      <aside class="space-y-4">
        <div class="card space-y-3 p-5">
          <ListingThumb listing={listing} class="h-32 w-full rounded-lg" />
          {offer?.price !== undefined
            ? (
              <p class="text-3xl font-bold" data-testid="price">
                <s class="mr-2 text-xl font-normal text-slate-500">
                  {money(listing.price)}
                </s>{" "}
                {money(offer.price)}
                <span class="ml-2 badge bg-emerald-100 text-sm text-emerald-800">{offer.code}</span>
              </p>
            )
            : (
              <p class="text-3xl font-bold" data-testid="price">
                {listing.price === 0 ? t("market.listing.free") : money(listing.price)}
              </p>
            )}
          {offer?.problem && (
            <Alert kind="error">
              {t("market.listing.codeProblem", { code: offer.code, problem: offer.problem })}
            </Alert>
          )}
          <Stars rating={listing.rating} count={listing.reviewCount} />
          <p class="text-sm text-slate-600">
            {rich(t("market.card.by"), {
              seller: d.seller
                ? (
                  <a
                    class="font-semibold text-brand-700 hover:underline"
                    href={`/s/${d.seller.handle}`}
                  >
                    {listing.sellerName}
                  </a>
                )
                : <strong>{listing.sellerName}</strong>,
            })} · {categoryName(t, listing.category)} ·{" "}
            {t("market.card.sold", { count: listing.soldCount })} ·{" "}
            <span data-testid="views">{t("market.listing.views", { count: d.views })}</span>
          </p>
          <p class="text-sm" data-testid="licence">
            <span class="badge bg-slate-100">{licence}</span> {t(
              listing.licence === "commercial"
                ? "market.listing.useCommercial"
                : "market.listing.usePersonal",
            )}
          </p>
          <LikeButton listing={listing} viewer={viewer} liked={d.liked} />
          {d.error && <Alert kind="error">{d.error}</Alert>}
          {!viewer && (
            <a
              class="btn btn-primary w-full"
              href={`/auth/login?next=${
                encodeURIComponent(
                  `/marketplace/${listing.id}${
                    offer?.price !== undefined ? `?code=${offer.code}` : ""
                  }`,
                )
              }`}
            >
              {t("market.listing.signInToBuy")}
            </a>
          )}
          {viewer && viewer.id === listing.sellerId && (
            <p class="text-sm text-slate-600">{t("market.listing.yours")}</p>
          )}
          {viewer && viewer.id !== listing.sellerId &&
            (owned
              ? (
                <a class="btn btn-secondary w-full" href="/orders">
                  {t("market.listing.owned")}
                </a>
              )
              : isOnSale(listing) && listing.price === 0
              ? (
                <form method="post" action={`/marketplace/${listing.id}/buy`}>
                  <button class="btn btn-primary w-full" type="submit" data-testid="get-free">
                    {t("market.listing.getFree")}
                  </button>
                </form>
              )
              : isOnSale(listing) && (
                <form method="post" action={`/marketplace/${listing.id}/buy`}>
                  <input
                    class="input mb-2"
                    name="code"
                    placeholder={t("market.listing.code")}
                    aria-label={t("market.listing.code")}
                    maxLength={40}
                    value={offer?.code ?? ""}
                  />
                  <button class="btn btn-primary w-full" type="submit" data-testid="buy">
                    {t("market.listing.buyFor", { price: money(offer?.price ?? listing.price) })}
                  </button>
                  <button
                    class="btn btn-secondary mt-2 w-full"
                    type="submit"
                    formaction="/checkout/cart/add"
                    name="listingId"
                    value={listing.id}
                    data-testid="add-to-cart"
                  >
                    {t("market.listing.addToCart")}
                  </button>
                  {listing.currency === "vnd" && (["vnpay", "momo"] as const).map((p) => (
                    <button
                      key={p}
                      class="btn btn-secondary mt-2 w-full"
                      type="submit"
                      name="provider"
                      value={p}
                      data-testid={`buy-${p}`}
                    >
                      {t("market.listing.payWith", { provider: p === "vnpay" ? "VNPay" : "MoMo" })}
                    </button>
                  ))}
                </form>
              ))}
        </div>
        <section class="card space-y-3 p-5" aria-labelledby="reviews-heading">
          <h2 class="font-semibold" id="reviews-heading">{t("market.listing.reviews")}</h2>
          {owned && (
            <form
              method="post"
              action={`/marketplace/${listing.id}/review`}
              class="space-y-2"
              data-testid="review-form"
            >
              <label class="block">
                <span class="label">{t("market.listing.yourRating")}</span>
                <select class="input" name="rating" required>
                  <option value="" selected={!mine} disabled>
                    {t("market.listing.chooseRating")}
                  </option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n} selected={mine?.rating === n}>
                      {"★".repeat(n)} {t("market.listing.ofFive", { n })}
                    </option>
                  ))}
                </select>
              </label>
              <label class="block">
                <span class="label">{t("market.listing.yourReview")}</span>
                <textarea class="input" name="comment" rows={2} maxLength={2000} required>
                  {mine?.comment ?? ""}
                </textarea>
              </label>
              <button class="btn btn-secondary w-full" type="submit">
                {t(mine ? "market.listing.updateReview" : "market.listing.postReview")}
              </button>
            </form>
          )}
          {mine && !d.reviews.some((r) => r.id === mine.id) &&
            <ReviewItem review={mine} listing={listing} viewer={viewer} />}
          {d.reviews.length === 0 && !mine && (
            <p class="text-sm text-slate-600">{t("market.listing.noReviews")}</p>
          )}
          {d.reviews.map((r) => (
            <ReviewItem key={r.id} review={r} listing={listing} viewer={viewer} />
          ))}
          {d.reviewsCursor && (
            <a
              class="btn btn-secondary w-full"
              href={`/marketplace/${listing.id}?reviews=${
                encodeURIComponent(d.reviewsCursor)
              }#reviews-heading`}
            >
              {t("market.listing.older")}
            </a>
          )}
        </section>
      </aside>
    </div>
  );
}
