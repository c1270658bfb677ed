// A seller's listings, shown on /marketplace/sell and /sales (not a route: "_" files never are).
import { formatMoney } from "../../lib/payments/index.ts";
import { isOnSale, type Listing } from "../../lib/market/index.ts";

/** A seller's listings with what they can do about each. */
export function SellerListings({ listings }: { listings: Listing[] }) {
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
