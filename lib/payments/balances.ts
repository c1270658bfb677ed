// Seller balances. `held` is money inside the refund window or under dispute (not payable),
// `available` may be paid out, `paidOut` is what admins marked paid. All figures are integer minor
// units; a balance changes only inside the atomic commit of the order or payout that moves it.
import { keys, kv } from "../kv/index.ts";

export interface Balance {
  available: number;
  held: number;
  paidOut: number;
  currency: string;
}

export const emptyBalance = (): Balance => ({
  available: 0,
  held: 0,
  paidOut: 0,
  currency: "usd",
});

export async function getBalance(userId: string): Promise<Balance> {
  return (await kv().get<Balance>(keys.balance(userId))).value ?? emptyBalance();
}

/** The balance entry of `userId` for a read → check → commit (the value never null). */
export async function balanceEntry(userId: string) {
  const entry = await kv().get<Balance>(keys.balance(userId));
  return { entry, balance: entry.value ?? emptyBalance() };
}
