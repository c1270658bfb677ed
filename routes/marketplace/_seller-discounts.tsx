// A seller's discount codes on /sales: the codes with their uses and limits, and a plain form that
// creates one (posts to /sales/discounts). Not a route: "_" files never are.
import { formatMoney } from "../../lib/payments/index.ts";
import type { Listing } from "../../lib/market/index.ts";
import type { Discount } from "../../lib/market/discounts.ts";
import { minorPerMajor } from "../../lib/format.ts";

type Row = Discount & { redemptions: number };

function terms(d: Row, titles: Map<string, string>) {
  const off = d.percentOff !== null
    ? `${d.percentOff}% off`
    : `${formatMoney(d.amountOff ?? 0, d.currency ?? "usd")} off`;
  const scope = d.listingId ? titles.get(d.listingId) ?? "one template" : "all your templates";
  return `${off} · ${scope}` +
    (d.minPrice !== null ? ` · from ${formatMoney(d.minPrice, d.currency ?? "usd")}` : "");
}

export function SellerDiscounts(
  { discounts, listings }: { discounts: Row[]; listings: Listing[] },
) {
  const titles = new Map(listings.map((l) => [l.id, l.title]));
  const open = listings.filter((l) => l.status !== "archived");
  return (
    <section class="space-y-2" id="discounts">
      <h2 class="text-lg font-semibold">Discount codes</h2>
      {discounts.length === 0 && <p class="text-sm text-slate-500">No discount codes yet.</p>}
      {discounts.map((d) => (
        <div
          key={d.id}
          class="card flex flex-wrap justify-between gap-2 p-3 text-sm"
          data-discount={d.code}
        >
          <span>
            <span class="font-mono font-medium">{d.code}</span> · {terms(d, titles)}
          </span>
          <span>
            <span data-testid="discount-uses">
              {d.redemptions} / {d.maxRedemptions ?? "∞"} used
            </span>
            {d.expiresAt && ` · expires ${d.expiresAt.slice(0, 10)}`}
            {d.expiresAt && Date.parse(d.expiresAt) <= Date.now() && " (expired)"}
          </span>
        </div>
      ))}
      <form method="post" action="/sales/discounts" class="card grid gap-2 p-4 sm:grid-cols-3">
        <label class="block">
          <span class="label">Code</span>
          <input class="input" name="code" required minLength={3} maxLength={32} />
        </label>
        <label class="block">
          <span class="label">For</span>
          <select class="input" name="listingId">
            <option value="">All my templates</option>
            {open.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}
          </select>
        </label>
        <label class="block">
          <span class="label">Discount</span>
          <span class="flex gap-1">
            <input class="input" name="value" type="number" min="0.01" step="0.01" required />
            <select class="input !w-auto" name="kind">
              <option value="percent">%</option>
              <option value="amount">amount</option>
            </select>
          </span>
        </label>
        <label class="block">
          <span class="label">Currency (amount off, all templates)</span>
          <select class="input" name="currency">
            {["usd", "eur", "gbp", "vnd", "thb"].map((c) => (
              <option key={c} value={c}>{c.toUpperCase()}</option>
            ))}
          </select>
        </label>
        <label class="block">
          <span class="label">Usage limit (optional)</span>
          <input class="input" name="maxRedemptions" type="number" min="1" step="1" />
        </label>
        <label class="block">
          <span class="label">Expires (optional)</span>
          <input class="input" name="expiresAt" type="date" />
        </label>
        <div class="sm:col-span-3">
          <button class="btn btn-primary" type="submit">Create code</button>
        </div>
      </form>
    </section>
  );
}

/**
 * The form's fields as the JSON shape discountSchema reads. Amounts are typed in major units of
 * `currency` (the listing's for a listing code); an expiry date means the end of that day (UTC).
 */
export function discountFromForm(form: Record<string, string>, currency: string) {
  const value = Number(form.value);
  const opt = (s: string | undefined) => (s && s.trim() ? Number(s) : undefined);
  return {
    code: form.code ?? "",
    ...(form.kind === "amount"
      ? { amountOff: Math.round(value * minorPerMajor(currency)), currency }
      : { percentOff: value }),
    maxRedemptions: opt(form.maxRedemptions),
    expiresAt: form.expiresAt && /^\d{4}-\d{2}-\d{2}$/.test(form.expiresAt)
      ? `${form.expiresAt}T23:59:59Z`
      : undefined,
  };
}
