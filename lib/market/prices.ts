// Listing price bounds per currency, in minor units: one range for every currency would make a
// dong price (no minor unit) top out at 1,000,000 ₫ (≈ $40) and let baht start at 1 ฿. Price 0
// (a free template) is allowed in every currency.
import { formatMoney } from "../format.ts";
import { invalid } from "../http/index.ts";

export const PRICE_BOUNDS: Record<string, { min: number; max: number }> = {
  usd: { min: 100, max: 1_000_000 }, // 1.00 .. 10,000.00
  eur: { min: 100, max: 1_000_000 },
  gbp: { min: 100, max: 1_000_000 },
  vnd: { min: 10_000, max: 100_000_000 }, // 10,000 ₫ .. 100,000,000 ₫ (whole đồng)
  thb: { min: 2_000, max: 10_000_000 }, // 20 ฿ .. 100,000 ฿ (satang)
};

/** A sanity cap the schema checks before the currency is known (the real bounds are per currency). */
export const PRICE_MAX = 10 * Math.max(...Object.values(PRICE_BOUNDS).map((b) => b.max));

/** The allowed range in words when `price` is out of its currency's bounds, else null. */
export function priceBoundsIssue(price: number, currency: string): string | null {
  const bounds = PRICE_BOUNDS[currency.toLowerCase()];
  // 0 is a free template ("Get it free"): delivered at once, no checkout, no minimum.
  if (price === 0 || !bounds || (price >= bounds.min && price <= bounds.max)) return null;
  return `${formatMoney(bounds.min, currency)} to ${formatMoney(bounds.max, currency)}`;
}

/** A 422 naming the allowed range when `price` is out of its currency's bounds. */
export function assertPriceInBounds(price: number, currency: string) {
  const range = priceBoundsIssue(price, currency);
  if (!range) return;
  throw invalid(`Prices in ${currency.toUpperCase()} are from ${range}`, {
    price: `from ${range}`,
  });
}
