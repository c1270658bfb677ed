// Payouts: a seller asks for part of their available balance, which needs their payout details
// (payout-details.ts); an admin marks it paid with a bank reference, or, with STRIPE_SECRET_KEY and
// a Stripe Connect account, a queued Stripe transfer pays it (payout-transfer.ts).
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
import { config } from "../config.ts";
import type { Payout } from "./model.ts";
import { destinationLabel, payoutDetailKeys, type PayoutDetails } from "./payout-details.ts";
import { addPaid, transferPayout } from "./payout-transfer.ts";

export const payoutSchema = z.object({
  amount: z.number().int().min(1, "The amount must be positive"),
  /** The balance to draw from; the user's primary balance when left out. */
  currency: z.string().regex(/^[a-zA-Z]{3}$/, "A 3-letter currency code").optional(),
});

export const markPaidSchema = z.object({
  /** The bank transfer's reference, as the bank statement shows it. */
  reference: z.string().trim().min(3, "Enter the transfer reference (3 to 100 characters)")
    .max(100),
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
    const detailsEntry = await kv().get<PayoutDetails>(payoutDetailKeys.payoutDetails(user.id));
    const details = detailsEntry.value;
    const { entry, balance } = await balanceEntry(user.id, cur);
    if (amount > balance.available) {
      throw conflict(
        "insufficient_funds",
        `The amount is more than your available ${cur.toUpperCase()} balance`,
        { balance },
      );
    }
    // The contract accepts a request from the available balance (201). Without payout details
    // the money is set aside but cannot be paid: the admin's "paid" is refused until the seller
    // adds where it goes (markPayoutPaid), and /sales says so.
    const payout: Payout = {
      id: newId(),
      userId: user.id,
      amount,
      currency: balance.currency,
      status: "requested",
      createdAt: nowIso(),
      paidAt: null,
      reference: null,
      destination: details ? destinationLabel(details) : undefined,
      transfer: null,
    };
    // A Stripe Connect account is paid by a queued transfer when the platform has a Stripe key;
    // otherwise an admin pays by hand (also to a Connect account) and enters the reference.
    const automatic = details?.method === "stripe" && !!config().stripeSecretKey;
    if (automatic) payout.transfer = { attempts: 0, lastError: null };
    op.check(entry, detailsEntry)
      .set(keys.balance(user.id, cur), { ...balance, available: balance.available - amount })
      .set(keys.payout(payout.id), payout)
      .set(keys.payoutsByUser(user.id, payout.id), payout.id);
    if (details) op.set(payoutDetailKeys.payoutDestination(payout.id), details);
    if (automatic) await transferPayout({ payoutId: payout.id, attempt: 1 }, { atomic: op });
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

/**
 * Mark a payout paid with the admin's bank `reference`: the seller's paidOut grows, they are
 * emailed and notified, all in one commit. Marking it again with the same reference returns the
 * same payout (no second email); with another reference, or a failed or Stripe-paid payout, 409.
 */
export async function markPayoutPaid(
  admin: UserRecord,
  id: string,
  reference: string,
): Promise<Payout> {
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Payout>(keys.payout(id));
    const payout = entry.value;
    if (!payout) throw notFound("Payout");
    if (payout.status === "paid") {
      if (payout.reference === reference) return noCommit(payout);
      throw conflict(
        "already_paid",
        `This payout was already paid (reference ${payout.reference})`,
      );
    }
    if (payout.status === "failed") {
      throw conflict("payout_failed", "This payout failed; its amount went back to the balance");
    }
    if (payout.transfer) {
      throw conflict("stripe_transfer", "This payout is being paid by a Stripe transfer");
    }
    // Requested before the seller entered payout details: they are taken now, or it can't be paid.
    const destEntry = await kv().get<PayoutDetails>(payoutDetailKeys.payoutDestination(id));
    if (!destEntry.value) {
      const current = await kv().get<PayoutDetails>(payoutDetailKeys.payoutDetails(payout.userId));
      if (!current.value) {
        throw conflict(
          "payout_details_required",
          "The seller has not entered payout details yet: there is nowhere to pay this to",
        );
      }
      op.check(current).set(payoutDetailKeys.payoutDestination(id), current.value);
      payout.destination = destinationLabel(current.value);
    }
    const audit = auditEntry(admin.id, "payout.paid", `payout:${id}`, { status: payout.status }, {
      status: "paid",
      amount: payout.amount,
      reference,
    });
    op.check(entry).set(keys.audit(audit.id), audit);
    return await addPaid(op, payout, reference);
  });
}

/** One of the user's own payouts; another user's is a 404 as much as an unknown one. */
export async function getOwnPayout(userId: string, id: string): Promise<Payout> {
  const payout = (await kv().get<Payout>(keys.payout(id))).value;
  if (!payout || payout.userId !== userId) throw notFound("Payout");
  return payout;
}
