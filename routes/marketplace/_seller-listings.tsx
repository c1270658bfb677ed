// A seller's listings, shown on /marketplace/sell and /sales (not a route: "_" files never are).
import { isOnSale, type Listing } from "../../lib/market/index.ts";
import { formatMoneyIn } from "../../lib/i18n/index.ts";
import { useLocale, useT } from "../../lib/i18n/context.ts";
import { statusName } from "../../components/ListingCard.tsx";

/** A seller's listings with what they can do about each. */
export function SellerListings({ listings }: { listings: Listing[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {listings.filter((l) => l.status !== "archived").map((l) => (
        <div key={l.id} class="card flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
          <a class="font-medium hover:underline" href={`/marketplace/${l.id}`}>{l.title}</a>
          <span class="flex flex-wrap items-center gap-2">
            {formatMoneyIn(l.price, l.currency, locale)}
            <span class="badge bg-slate-100">
              {l.status === "approved" && !isOnSale(l)
                ? t("market.mine.unpublished")
                : statusName(t, l.status)}
            </span>
            {l.rejectReason && <span class="text-red-700">“{l.rejectReason}”</span>}
            <a class="btn btn-secondary !py-1" href={`/marketplace/${l.id}/edit`}>
              {t(l.status === "rejected" ? "market.mine.resubmit" : "market.mine.edit")}
            </a>
          </span>
        </div>
      ))}
    </>
  );
}
