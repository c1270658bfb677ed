// Settling a payout: the paid commit (by an admin with their bank reference, or by a Stripe
// transfer with its id) and the failed commit (the amount goes back to the available balance).
// Both are parts of one version-checked commit on the payout, so each happens at most once.
//
// The Stripe transfer is a queued job that does its own retries (re-queued with a doubling delay in
// the commit that records the attempt) rather than the queue's fixed schedule: the attempt count
// lives on the payout, so a duplicate delivery of an old attempt sees it is stale and does nothing,
// and the final failure is decided in the same commit that returns the money.
import { config } from "../config.ts";
import { getUser } from "../auth/index.ts";
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { mailLocale, payoutPaidEmail, queueMail } from "../mail/index.ts";
import { formatMoneyIn } from "../i18n/index.ts";
import { notifierFor } from "../notifications/text.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { userTopic } from "../realtime/topics.ts";
import { balanceEntry } from "./balances.ts";
import type { Payout } from "./model.ts";
import { getPayoutDestination } from "./payout-details.ts";

/** Tries of one transfer before the payout fails (first retry after PAYOUT_RETRY_MS, doubling). */
export const TRANSFER_ATTEMPTS = 5;

/**
 * Add "payout paid" to `op`: the payout with its reference, the seller's paidOut, the email and the
 * notification. The caller checks the payout entry (and the returned balance entry).
 */
export async function addPaid(
  op: Deno.AtomicOperation,
  payout: Payout,
  reference: string,
): Promise<Payout> {
  const { entry, balance } = await balanceEntry(payout.userId, payout.currency);
  const paid: Payout = { ...payout, status: "paid", paidAt: nowIso(), reference };
  op.check(entry)
    .set(keys.payout(payout.id), paid)
    .set(keys.balance(payout.userId, balance.currency), {
      ...balance,
      paidOut: balance.paidOut + payout.amount,
    });
  const n = await notifierFor(payout.userId);
  addEvent(op, userTopic(payout.userId), "payout_paid", {
    title: n.t("server.notif.payoutPaid.title", {
      amount: n.money(payout.amount, payout.currency),
    }),
    body: n.t("server.notif.payoutPaid.body", { reference }),
    href: "/sales",
    payoutId: payout.id,
    at: paid.paidAt,
  });
  const seller = await getUser(payout.userId);
  if (seller) {
    const lang = mailLocale(seller);
    await queueMail(op, {
      to: seller.email,
      ...payoutPaidEmail(
        formatMoneyIn(payout.amount, payout.currency, lang),
        reference,
        payout.destination ?? null,
        `${config().appOrigin}/sales`,
        lang,
      ),
      tag: `payout:${payout.id}`,
    });
  }
  return paid;
}

/** Add "payout failed" to `op`: the amount back to `available`, the seller told. */
async function addFailed(op: Deno.AtomicOperation, payout: Payout, reason: string) {
  const { entry, balance } = await balanceEntry(payout.userId, payout.currency);
  const failed: Payout = {
    ...payout,
    status: "failed",
    transfer: { attempts: payout.transfer?.attempts ?? 0, lastError: reason },
  };
  op.check(entry)
    .set(keys.payout(payout.id), failed)
    .set(keys.balance(payout.userId, balance.currency), {
      ...balance,
      available: balance.available + payout.amount,
    });
  const n = await notifierFor(payout.userId);
  addEvent(op, userTopic(payout.userId), "payout_failed", {
    title: n.t("server.notif.payoutFailed.title", {
      amount: n.money(payout.amount, payout.currency),
    }),
    body: n.t("server.notif.payoutFailed.body"),
    href: "/account#payout-details",
    payoutId: payout.id,
    at: nowIso(),
  });
  return failed;
}

type TransferResult =
  | { ok: true; transferId: string }
  | { ok: false; retry: boolean; error: string };

/** POST /v1/transfers, idempotent per payout (a retry after a lost answer makes no second one). */
async function stripeTransfer(payout: Payout, destination: string): Promise<TransferResult> {
  const cfg = config();
  const body = new URLSearchParams({
    amount: String(payout.amount),
    currency: payout.currency,
    destination,
    transfer_group: payout.id,
    "metadata[payoutId]": payout.id,
  });
  let res: Response;
  try {
    res = await fetch(`${cfg.stripeApiBase}/v1/transfers`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${cfg.stripeSecretKey}`,
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": `payout-${payout.id}`,
      },
      body,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (err) {
    return { ok: false, retry: true, error: `network: ${(err as Error).message}`.slice(0, 300) };
  }
  const json = await res.json().catch(() => null) as
    | { id?: string; error?: { message?: string } }
    | null;
  if (res.ok && typeof json?.id === "string") return { ok: true, transferId: json.id };
  const error = `Stripe ${res.status}: ${json?.error?.message ?? "no answer"}`.slice(0, 300);
  // 409: the same idempotency key is still being processed; 429 and 5xx are passing trouble.
  // Other 4xx (no such account, insufficient platform funds) will not change on retry.
  return { ok: false, retry: res.status >= 500 || res.status === 429 || res.status === 409, error };
}

/** The transfer of one payout, attempt `attempt` (1-based). */
export const transferPayout = defineJob<{ payoutId: string; attempt: number }>(
  "payout.transfer",
  async ({ payoutId, attempt }) => {
    const first = (await kv().get<Payout>(keys.payout(payoutId))).value;
    if (!first || first.status !== "requested" || !first.transfer) return;
    if (first.transfer.attempts !== attempt - 1) return; // a stale or duplicate delivery
    const dest = await getPayoutDestination(payoutId);
    const result = dest?.method === "stripe"
      ? await stripeTransfer(first, dest.stripeAccountId)
      : { ok: false as const, retry: false, error: "No Stripe account on this payout" };
    await retryAtomic(async (op) => {
      const entry = await kv().get<Payout>(keys.payout(payoutId));
      const payout = entry.value;
      if (!payout || payout.status !== "requested" || payout.transfer?.attempts !== attempt - 1) {
        return noCommit(undefined);
      }
      op.check(entry);
      const counted: Payout = {
        ...payout,
        transfer: { attempts: attempt, lastError: result.ok ? null : result.error },
      };
      if (result.ok) return void await addPaid(op, counted, result.transferId);
      if (!result.retry || attempt >= TRANSFER_ATTEMPTS) {
        return void await addFailed(op, counted, result.error);
      }
      op.set(keys.payout(payoutId), counted);
      await transferPayout({ payoutId, attempt: attempt + 1 }, {
        atomic: op,
        delayMs: config().payoutRetryMs * 2 ** (attempt - 1),
      });
    });
  },
);
