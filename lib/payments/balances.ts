// Seller balances, one per (user, currency): money in different currencies is never added up.
// `held` is money inside the refund window or under dispute (not payable), `available` may be
// paid out, `paidOut` is what admins marked paid. All figures are integer minor units of the
// balance's currency; a balance changes only inside the atomic commit of the order or payout that
// moves it. The usd balance keeps the key every balance had before currencies were split, so
// stored balances (all usd) read as they are, without a migration.
import { keys, kv } from "../kv/index.ts";

export interface Balance {
  available: number;
  held: number;
  paidOut: number;
  currency: string;
}

/** The currency shown when a user has no balance at all. */
export const DEFAULT_CURRENCY = "usd";

export const emptyBalance = (currency = DEFAULT_CURRENCY): Balance => ({
  available: 0,
  held: 0,
  paidOut: 0,
  currency,
});

const normal = (currency: string) => currency.toLowerCase();

/** Every balance of `userId` (one per currency that ever moved), the default currency first. */
export async function getBalances(userId: string): Promise<Balance[]> {
  const legacy = (await kv().get<Balance>(keys.balance(userId, DEFAULT_CURRENCY))).value;
  const out: Balance[] = [];
  if (legacy) out.push({ ...legacy, currency: DEFAULT_CURRENCY });
  for await (const e of kv().list<Balance>({ prefix: keys.balancesOf(userId) })) {
    out.push({ ...e.value, currency: String(e.key[e.key.length - 1]) });
  }
  return out;
}

/**
 * The user's primary balance: the currency with the most money (held + available), the default
 * currency on a tie or when there is none.
 */
export function primaryBalance(balances: Balance[]): Balance {
  let best: Balance | null = null;
  for (const b of balances) {
    const sum = b.held + b.available;
    if (!best || sum > best.held + best.available) best = b;
  }
  if (!best) return emptyBalance();
  const usd = balances.find((b) => b.currency === DEFAULT_CURRENCY);
  if (usd && usd.held + usd.available === best.held + best.available) return usd;
  return best;
}

/** One currency's balance of `userId`; without a currency, the primary balance. */
export async function getBalance(userId: string, currency?: string): Promise<Balance> {
  if (!currency) return primaryBalance(await getBalances(userId));
  return (await balanceEntry(userId, currency)).balance;
}

/** The balance entry of `userId` in `currency` for a read → check → commit (never null). */
export async function balanceEntry(userId: string, currency: string) {
  const cur = normal(currency);
  const entry = await kv().get<Balance>(keys.balance(userId, cur));
  return { entry, balance: entry.value ? { ...entry.value, currency: cur } : emptyBalance(cur) };
}

/** The balances in the public JSON shape (`balances` of the user and of GET /api/sales). */
export const publicBalances = (balances: Balance[]) =>
  balances.map((b) => ({ currency: b.currency, available: b.available, held: b.held }));
