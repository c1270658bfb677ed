// Payouts: a seller asks for part of their available balance; an admin marks it paid.
import { z } from "zod";
import { auditEntry } from "../admin/index.ts";
import type { UserRecord } from "../auth/index.ts";
import { conflict, invalid, notFound } from "../http/index.ts";
import {
  getMany,
  keys,
  kv,
  listKvEntries,
  listKvPage,
  newId,
  noCommit,
  nowIso,
  type Paged,
  retryAtomic,
} from "../kv/index.ts";
import { balanceEntry, getBalance } from "./balances.ts";
import { formatMoney } from "../format.ts";
import type { Payout } from "./model.ts";

export const payoutSchema = z.object({
  amount: z.number().int().min(1, "The amount must be positive"),
  /** The balance to draw from; the user's primary balance when left out. */
  currency: z.string().regex(/^[a-zA-Z]{3}$/, "A 3-letter currency code").optional(),
});

/** The smallest payout: 1.00 (100 minor units), and 10,000 ₫ in vnd, which has no minor unit. */
const MIN_PAYOUT: Record<string, number> = { vnd: 10_000 };
const minPayout = (currency: string) => MIN_PAYOUT[currency] ?? 100;

/**
 * A payout of `amount` minor units from the user's `currency` balance (default: the primary one);
 * other currencies' balances are never touched.
 */
export async function requestPayout(
  user: UserRecord,
  amount: number,
  currency?: string,
): Promise<Payout> {
  const cur = (currency ?? (await getBalance(user.id)).currency).toLowerCase();
  if (amount < minPayout(cur)) {
    throw invalid(`The minimum payout is ${formatMoney(minPayout(cur), cur)}`);
  }
  return await retryAtomic(async (op) => {
    const { entry, balance } = await balanceEntry(user.id, cur);
    if (amount > balance.available) {
      throw conflict(
        "insufficient_funds",
        `The amount is more than your available ${cur.toUpperCase()} balance`,
        { balance },
      );
    }
    const payout: Payout = {
      id: newId(),
      userId: user.id,
      amount,
      currency: balance.currency,
      status: "requested",
      createdAt: nowIso(),
      paidAt: null,
    };
    op.check(entry)
      .set(keys.balance(user.id, cur), { ...balance, available: balance.available - amount })
      .set(keys.payout(payout.id), payout)
      .set(keys.payoutsByUser(user.id, payout.id), payout.id);
    return payout;
  });
}

/**
 * Every payout of one user, newest first, over their own index (what the sales page sums). Without
 * a user: only the newest 100 (use `listPayoutsPage` to walk them all).
 */
export async function listPayouts(userId?: string): Promise<Payout[]> {
  if (!userId) return (await listPayoutsPage(undefined, { limit: 100 })).items;
  const ids: string[] = [];
  for await (
    const e of kv().list<string>({ prefix: keys.payoutsOfUser(userId) }, { reverse: true })
  ) {
    ids.push(e.value);
  }
  return await getMany<Payout>(ids.map(keys.payout));
}

/** One page of payouts, newest first: all of them (admin), or one user's over their index. */
export async function listPayoutsPage(
  userId?: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Payout>> {
  const opts = { limit: page.limit ?? 20, cursor: page.cursor };
  if (!userId) return await listKvPage<Payout>(keys.payoutsAll(), opts);
  const { entries, cursor } = await listKvEntries<string>(keys.payoutsOfUser(userId), opts);
  return { items: await getMany<Payout>(entries.map((e) => keys.payout(e.value))), cursor };
}

export async function markPayoutPaid(admin: UserRecord, id: string): Promise<Payout> {
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Payout>(keys.payout(id));
    const payout = entry.value;
    if (!payout) throw notFound("Payout");
    if (payout.status === "paid") return noCommit(payout);
    const { entry: balEntry, balance } = await balanceEntry(payout.userId, payout.currency);
    const paid: Payout = { ...payout, status: "paid", paidAt: nowIso() };
    const audit = auditEntry(admin.id, "payout.paid", `payout:${id}`, { status: payout.status }, {
      status: "paid",
      amount: payout.amount,
    });
    op.check(entry, balEntry)
      .set(keys.payout(id), paid)
      .set(keys.balance(payout.userId, balance.currency), {
        ...balance,
        paidOut: balance.paidOut + payout.amount,
      })
      .set(keys.audit(audit.id), audit);
    return paid;
  });
}
