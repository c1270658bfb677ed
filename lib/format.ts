// Money and dates for people, through Intl, in one place. Pure (no Deno APIs): islands use it too.
// Money is stored in integer minor units of its currency: cents for usd/eur/gbp, satang for thb,
// whole đồng for vnd (which has no minor unit).

/** Decimal places of each currency's minor unit (ISO 4217); others follow Intl's default. */
const MINOR_DIGITS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, THB: 2, VND: 0 };

// Building an Intl.NumberFormat costs ~70 µs; one per currency is kept (a marketplace page
// formats 20+ prices).
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(code: string): Intl.NumberFormat {
  let format = moneyFormats.get(code);
  if (!format) {
    const digits = MINOR_DIGITS[code];
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      ...(digits === undefined
        ? {}
        : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    });
    moneyFormats.set(code, format);
  }
  return format;
}

/** How many minor units make one major unit of `currency` (100 for usd, 1 for vnd). */
export function minorPerMajor(currency: string): number {
  const code = currency.toUpperCase();
  const digits = MINOR_DIGITS[code] ?? moneyFormat(code).resolvedOptions().maximumFractionDigits ??
    2;
  return 10 ** digits;
}

/** An amount in minor units in major units (4900 usd → 49, 50000 vnd → 50000). */
export function toMajorUnits(amount: number, currency: string): number {
  return amount / minorPerMajor(currency);
}

/** An amount in minor units as people read it: 4900 usd → "$49.00", 50000 vnd → "₫50,000". */
export function formatMoney(amount: number, currency: string): string {
  return moneyFormat(currency.toUpperCase()).format(toMajorUnits(amount, currency));
}

const dateFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** A date as people read it: "Nov 29, 2026" (UTC, so server and browser agree). */
export function formatDate(at: string | number | Date): string {
  return dateFormat.format(new Date(at));
}

/** A date and time: "Nov 29, 2026, 07:15 PM UTC". */
export function formatDateTime(at: string | number | Date): string {
  return dateTimeFormat.format(new Date(at));
}

/** A count as people read it: 12345 → "12,345". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
