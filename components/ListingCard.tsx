// A marketplace card: thumbnail (or a placeholder), title, seller, rating, price.
import { categoryLabel, type Listing } from "../lib/market/index.ts";
import { formatMoney } from "../lib/format.ts";

/** A rating out of 5; with `count`, an average over that many reviews (none yet: said so). */
export function Stars({ rating, count }: { rating: number; count?: number }) {
  if (count === 0) return <span class="text-sm text-slate-500">No reviews yet</span>;
  return (
    <span
      class="text-sm text-amber-500"
      aria-label={`${rating} out of 5${count === undefined ? "" : ` from ${count} reviews`}`}
    >
      {"★".repeat(Math.round(rating))}
      <span class="text-slate-300">{"★".repeat(5 - Math.round(rating))}</span>
      {count !== undefined && <span class="ml-1 text-slate-500">({count})</span>}
    </span>
  );
}

export function ListingThumb({ listing, class: cls }: { listing: Listing; class?: string }) {
  return listing.thumbnailUrl
    ? (
      <img
        src={listing.thumbnailUrl}
        alt={`Preview of ${listing.title}`}
        class={`${cls} object-cover object-top`}
        loading="lazy"
      />
    )
    : (
      <div
        class={`${cls} flex items-center justify-center bg-gradient-to-br from-brand-500 to-slate-900 p-6 text-center text-lg font-bold text-white`}
      >
        {listing.title}
      </div>
    );
}

export function ListingCard({ listing }: { listing: Listing }) {
  return (
    <a
      href={`/marketplace/${listing.id}`}
      class="card group flex flex-col overflow-hidden hover:shadow-md"
      data-testid="listing-card"
    >
      <ListingThumb listing={listing} class="h-44 w-full" />
      <div class="flex flex-1 flex-col gap-1 p-4">
        <div class="flex items-start justify-between gap-2">
          <h3 class="font-semibold group-hover:text-brand-700">{listing.title}</h3>
          <span class="font-semibold">{formatMoney(listing.price, listing.currency)}</span>
        </div>
        <p class="text-sm text-slate-500">
          by {listing.sellerName} · {categoryLabel(listing.category)}
        </p>
        <div class="mt-auto flex items-center justify-between pt-2">
          <Stars rating={listing.rating} count={listing.reviewCount} />
          <span class="text-xs text-slate-500">{listing.soldCount} sold</span>
        </div>
      </div>
    </a>
  );
}
