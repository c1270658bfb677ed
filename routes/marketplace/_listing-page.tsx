// The body of a template's page (/marketplace/:id): live preview, price and Buy, licence, likes
// and views, the seller's storefront link, and reviews by cursor (with the buyer's own form and
// the seller's reply forms). Not a route ("_" files never are); routes/marketplace/index.tsx
// reads the data and renders this.
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { ListingThumb, Stars } from "../../components/ListingCard.tsx";
import type { UserRecord } from "../../lib/auth/index.ts";
import {
  categoryLabel,
  isOnSale,
  licenceLabel,
  type Listing,
  type Review,
  type SellerProfile,
} from "../../lib/market/index.ts";
import { formatMoney } from "../../lib/payments/index.ts";

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
  const count = listing.likeCount ?? 0;
  if (!viewer) {
    return (
      <a
        class="btn btn-secondary"
        href={`/auth/login?next=/marketplace/${listing.id}`}
        data-testid="likes"
      >
        <span aria-hidden="true">♡</span> {count} {count === 1 ? "like" : "likes"}
        <span class="sr-only">: sign in to like</span>
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
        {liked ? "Liked" : "Like"} · {count}
      </button>
    </form>
  );
}

function ReviewItem(
  { review, listing, viewer }: { review: Review; listing: Listing; viewer: UserRecord | null },
) {
  const isSeller = viewer?.id === listing.sellerId;
  return (
    <div class="border-t border-slate-100 pt-2 text-sm" data-testid="review">
      <Stars rating={review.rating} /> <strong>{review.buyerName}</strong>{" "}
      <span class="text-slate-600">
        · {review.createdAt.slice(0, 10)}
        {review.updatedAt ? " (edited)" : ""}
      </span>
      <p class="whitespace-pre-line text-slate-700">{review.comment}</p>
      {review.reply && (
        <div class="mt-1 border-l-2 border-brand-200 pl-2" data-testid="review-reply">
          <p class="text-xs font-medium text-slate-600">Reply from {listing.sellerName}</p>
          <p class="whitespace-pre-line text-slate-700">{review.reply.text}</p>
        </div>
      )}
      {isSeller && (
        <details class="mt-1">
          <summary class="cursor-pointer text-brand-700">
            {review.reply ? "Edit your reply" : "Reply"}
          </summary>
          <form
            method="post"
            action={`/marketplace/${listing.id}/reviews/${review.id}/reply`}
            class="mt-1 space-y-1"
          >
            <label class="block">
              <span class="sr-only">Your reply to {review.buyerName}</span>
              <textarea class="input" name="text" rows={2} maxLength={2000} required>
                {review.reply?.text ?? ""}
              </textarea>
            </label>
            <button class="btn btn-secondary" type="submit">Save reply</button>
          </form>
        </details>
      )}
    </div>
  );
}

export function ListingPage(d: ListingPageData) {
  const { listing, viewer, owned, mine, offer } = d;
  const licence = licenceLabel(listing.licence);
  return (
    <div class="grid gap-8 lg:grid-cols-3">
      <div class="space-y-4 lg:col-span-2">
        <a href="/marketplace" class="text-sm text-brand-700">← Marketplace</a>
        <h1 class="text-3xl font-bold">{listing.title}</h1>
        <DoneNotice done={d.done} />
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
          <div class="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
            <span>Live preview</span>
            <a href={listing.previewUrl} target="_blank" rel="noopener" class="text-brand-700">
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
          {offer?.price !== undefined
            ? (
              <p class="text-3xl font-bold" data-testid="price">
                <s class="mr-2 text-xl font-normal text-slate-500">
                  {formatMoney(listing.price, listing.currency)}
                </s>{" "}
                {formatMoney(offer.price, listing.currency)}
                <span class="ml-2 badge bg-emerald-100 text-sm text-emerald-800">{offer.code}</span>
              </p>
            )
            : (
              <p class="text-3xl font-bold" data-testid="price">
                {listing.price === 0 ? "Free" : formatMoney(listing.price, listing.currency)}
              </p>
            )}
          {offer?.problem && <Alert kind="error">{`Code ${offer.code}: ${offer.problem}`}</Alert>}
          <Stars rating={listing.rating} count={listing.reviewCount} />
          <p class="text-sm text-slate-600">
            by {d.seller
              ? (
                <a
                  class="font-semibold text-brand-700 hover:underline"
                  href={`/s/${d.seller.handle}`}
                >
                  {listing.sellerName}
                </a>
              )
              : <strong>{listing.sellerName}</strong>} · {categoryLabel(listing.category)} ·{" "}
            {listing.soldCount} sold · <span data-testid="views">{d.views} views</span>
          </p>
          <p class="text-sm" data-testid="licence">
            <span class="badge bg-slate-100">{licence}</span> {listing.licence === "commercial"
              ? "Use it for your own and your clients' projects."
              : "Use it for your own projects."}
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
              Sign in to buy
            </a>
          )}
          {viewer && viewer.id === listing.sellerId && (
            <p class="text-sm text-slate-600">This is your template.</p>
          )}
          {viewer && viewer.id !== listing.sellerId &&
            (owned
              ? (
                <a class="btn btn-secondary w-full" href="/orders">
                  You own this — see your orders
                </a>
              )
              : isOnSale(listing) && listing.price === 0
              ? (
                <form method="post" action={`/marketplace/${listing.id}/buy`}>
                  <button class="btn btn-primary w-full" type="submit" data-testid="get-free">
                    Get it free
                  </button>
                </form>
              )
              : isOnSale(listing) && (
                <form method="post" action={`/marketplace/${listing.id}/buy`}>
                  <input
                    class="input mb-2"
                    name="code"
                    placeholder="Discount code"
                    aria-label="Discount code"
                    maxLength={40}
                    value={offer?.code ?? ""}
                  />
                  <button class="btn btn-primary w-full" type="submit" data-testid="buy">
                    Buy for {formatMoney(offer?.price ?? listing.price, listing.currency)}
                  </button>
                  <button
                    class="btn btn-secondary mt-2 w-full"
                    type="submit"
                    formaction="/checkout/cart/add"
                    name="listingId"
                    value={listing.id}
                    data-testid="add-to-cart"
                  >
                    Add to cart
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
                      Pay with {p === "vnpay" ? "VNPay" : "MoMo"}
                    </button>
                  ))}
                </form>
              ))}
        </div>
        <section class="card space-y-3 p-5" aria-labelledby="reviews-heading">
          <h2 class="font-semibold" id="reviews-heading">Reviews</h2>
          {owned && (
            <form
              method="post"
              action={`/marketplace/${listing.id}/review`}
              class="space-y-2"
              data-testid="review-form"
            >
              <label class="block">
                <span class="label">Your rating</span>
                <select class="input" name="rating" required>
                  <option value="" selected={!mine} disabled>Choose a rating</option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n} selected={mine?.rating === n}>
                      {"★".repeat(n)} ({n} of 5)
                    </option>
                  ))}
                </select>
              </label>
              <label class="block">
                <span class="label">Your review (at least 3 words)</span>
                <textarea class="input" name="comment" rows={2} maxLength={2000} required>
                  {mine?.comment ?? ""}
                </textarea>
              </label>
              <button class="btn btn-secondary w-full" type="submit">
                {mine ? "Update your review" : "Post review"}
              </button>
            </form>
          )}
          {mine && !d.reviews.some((r) => r.id === mine.id) &&
            <ReviewItem review={mine} listing={listing} viewer={viewer} />}
          {d.reviews.length === 0 && !mine && <p class="text-sm text-slate-600">No reviews yet.</p>}
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
              Older reviews
            </a>
          )}
        </section>
      </aside>
    </div>
  );
}
