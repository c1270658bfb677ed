// A seller's discount codes on /sales: the codes with their uses and limits, and a plain form that
// creates one (posts to /sales/discounts). Not a route: "_" files never are.
import type { Listing } from "../../lib/market/index.ts";
import type { Discount } from "../../lib/market/discounts.ts";
import { minorPerMajor } from "../../lib/format.ts";
import { formatDateIn, formatMoneyIn, type Locale, type Translate } from "../../lib/i18n/index.ts";
import { useLocale, useT } from "../../lib/i18n/context.ts";

type Row = Discount & { redemptions: number };

function terms(d: Row, titles: Map<string, string>, t: Translate, locale: Locale) {
  const money = (amount: number) => formatMoneyIn(amount, d.currency ?? "usd", locale);
  const off = d.percentOff !== null
    ? t("market.disc.percentOff", { percent: d.percentOff })
    : t("market.disc.amountOff", { amount: money(d.amountOff ?? 0) });
  const scope = d.listingId
    ? titles.get(d.listingId) ?? t("market.disc.oneTemplate")
    : t("market.disc.allTemplates");
  return `${off} · ${scope}` +
    (d.minPrice !== null ? ` · ${t("market.disc.from", { amount: money(d.minPrice) })}` : "");
}

export function SellerDiscounts(
  { discounts, listings }: { discounts: Row[]; listings: Listing[] },
) {
  const t = useT();
  const locale = useLocale();
  const titles = new Map(listings.map((l) => [l.id, l.title]));
  const open = listings.filter((l) => l.status !== "archived");
  return (
    <section class="space-y-2" id="discounts">
      <h2 class="text-lg font-semibold">{t("market.disc.title")}</h2>
      {discounts.length === 0 && <p class="text-sm text-slate-500">{t("market.disc.none")}</p>}
      {discounts.map((d) => (
        <div
          key={d.id}
          class="card flex flex-wrap justify-between gap-2 p-3 text-sm"
          data-discount={d.code}
        >
          <span>
            <span class="font-mono font-medium">{d.code}</span> · {terms(d, titles, t, locale)}
          </span>
          <span>
            <span data-testid="discount-uses">
              {t("market.disc.used", {
                used: d.redemptions,
                max: d.maxRedemptions ?? "∞",
              })}
            </span>
            {d.expiresAt &&
              ` · ${t("market.disc.expires", { date: formatDateIn(d.expiresAt, locale) })}`}
            {d.expiresAt && Date.parse(d.expiresAt) <= Date.now() &&
              ` ${t("market.disc.expired")}`}
          </span>
        </div>
      ))}
      <form method="post" action="/sales/discounts" class="card grid gap-2 p-4 sm:grid-cols-3">
        <label class="block">
          <span class="label">{t("market.disc.code")}</span>
          <input class="input" name="code" required minLength={3} maxLength={32} />
        </label>
        <label class="block">
          <span class="label">{t("market.disc.for")}</span>
          <select class="input" name="listingId">
            <option value="">{t("market.disc.allMine")}</option>
            {open.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}
          </select>
        </label>
        <label class="block">
          <span class="label">{t("market.disc.discount")}</span>
          <span class="flex gap-1">
            <input class="input" name="value" type="number" min="0.01" step="0.01" required />
            <select class="input !w-auto" name="kind">
              <option value="percent">%</option>
              <option value="amount">{t("market.disc.amount")}</option>
            </select>
          </span>
        </label>
        <label class="block">
          <span class="label">{t("market.disc.currency")}</span>
          <select class="input" name="currency">
            {["usd", "eur", "gbp", "vnd", "thb"].map((c) => (
              <option key={c} value={c}>{c.toUpperCase()}</option>
            ))}
          </select>
        </label>
        <label class="block">
          <span class="label">{t("market.disc.limit")}</span>
          <input class="input" name="maxRedemptions" type="number" min="1" step="1" />
        </label>
        <label class="block">
          <span class="label">{t("market.disc.expiresField")}</span>
          <input class="input" name="expiresAt" type="date" />
        </label>
        <div class="sm:col-span-3">
          <button class="btn btn-primary" type="submit">{t("market.disc.create")}</button>
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
