// A marketplace card: thumbnail (or a placeholder), title, seller, rating, price. Also the words
// for the marketplace's stored ids (category, status, licence) in the page's language.
import { CATEGORIES, categoryLabel, type Licence, type Listing } from "../lib/market/index.ts";
import { formatMoneyIn, type MessageKey, type Translate } from "../lib/i18n/index.ts";
import { useLocale, useT } from "../lib/i18n/context.ts";

/** A category id as people read it in the page's language (an unknown id: lib/market's label). */
export function categoryName(t: Translate, category: string): string {
  return (CATEGORIES as readonly string[]).includes(category)
    ? t(`market.cat.${category}` as MessageKey)
    : categoryLabel(category);
}

/** A listing status ("pending", "approved"…) in the page's language. */
export function statusName(t: Translate, status: string): string {
  return ["pending", "approved", "rejected", "archived"].includes(status)
    ? t(`market.status.${status}` as MessageKey)
    : status;
}

export function licenceName(t: Translate, licence: Licence | undefined): string {
  return t(licence === "commercial" ? "market.licence.commercial" : "market.licence.personal");
}

/** A rating out of 5; with `count`, an average over that many reviews (none yet: said so). */
export function Stars({ rating, count }: { rating: number; count?: number }) {
  const t = useT();
  if (count === 0) return <span class="text-sm text-slate-500">{t("market.stars.none")}</span>;
  return (
    <span
      class="text-sm text-amber-500"
      aria-label={count === undefined
        ? t("market.stars.rating", { rating })
        : t("market.stars.ratingFrom", { rating, count })}
    >
      {"★".repeat(Math.round(rating))}
      <span class="text-slate-300">{"★".repeat(5 - Math.round(rating))}</span>
      {count !== undefined && <span class="ml-1 text-slate-500">({count})</span>}
    </span>
  );
}

export function ListingThumb({ listing, class: cls }: { listing: Listing; class?: string }) {
  const t = useT();
  return listing.thumbnailUrl
    ? (
      <img
        src={listing.thumbnailUrl}
        alt={t("market.card.preview", { title: listing.title })}
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
  const t = useT();
  const locale = useLocale();
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
          <span class="font-semibold">
            {formatMoneyIn(listing.price, listing.currency, locale)}
          </span>
        </div>
        <p class="text-sm text-slate-500">
          {t("market.card.by", { seller: listing.sellerName })} ·{" "}
          {categoryName(t, listing.category)}
        </p>
        <div class="mt-auto flex items-center justify-between pt-2">
          <Stars rating={listing.rating} count={listing.reviewCount} />
          <span class="text-xs text-slate-500">
            {t("market.card.sold", { count: listing.soldCount })}
          </span>
        </div>
      </div>
    </a>
  );
}
