// Refunds sent to VNPay and MoMo. Stripe refunds stay as they were (notify.ts `refundPayment`).
//
// When the money moves: when the admin refunds, as for Stripe. `refundOrder` settles the order
// (seller balance, fee, counters, notices) in the same commit that records the refund here and
// queues its job; the provider's answer then only changes the refund's own status. The admin's
// decision is what the buyer is owed: a refund the provider finally refuses is not un-done (the
// books would then say the buyer kept money they were told was returned), it is marked `failed`
// and the admin is told (audit log and a live notice) to refund by hand in the merchant portal.
// Balances therefore move exactly once, whatever the provider answers and however often.
//
// Exactly one request per attempt: each job names its refund and attempt number; an attempt is
// claimed in KV before the call (a duplicate job finds it claimed or done and sends nothing), its
// outcome recorded with the next attempt's job in one commit. A claim left by a crash expires
// after the call's timeout, so the redelivered job may try again.
//
// A retry after a call whose fate is unknown (timeout, connection lost, 5xx, an answer we cannot
// trust) must not refund twice. MoMo dedups a repeat itself: our refund id is its orderId and
// requestId on every attempt ("requestId … for idempotency control"). VNPay's vnp_RequestId must
// be new on every call ("Không được trùng lặp trong ngày"), so VNPay cannot tell a retry from a
// second refund: such a refund is marked `unsure`, and its next attempt first asks querydr whether
// the payment already shows the refund; only when it does not is the refund sent again. VNPay's
// refund code 94 ("Giao dịch đã được gửi yêu cầu hoàn tiền trước đó. Yêu cầu này VNPAY đang xử
// lý") after an unsure call means that call got through: the refund is made, not failed.
import { auditEntry } from "../admin/index.ts";
import { config } from "../config.ts";
import { keys, kv, newId, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";
import { ADMINS_TOPIC, userTopic } from "../realtime/topics.ts";
import { notifierFor } from "../notifications/text.ts";
import type { Transaction } from "./model.ts";
import { refundPayment } from "./notify.ts";
import { momoRefundRequest, momoRefundResponse } from "./providers/momo.ts";
import { providerPaymentOf } from "./providers/provider.ts";
import {
  vnpayPaymentDate,
  vnpayQueryRequest,
  vnpayQueryResponseVerified,
  vnpayRefundRequest,
  vnpayRefundResponseVerified,
} from "./providers/vnpay.ts";

export interface ProviderRefund {
  id: string;
  provider: "vnpay" | "momo";
  transactionId: string;
  /** The order refunded (a bundle's: one of several sharing the payment). */
  orderId: string | null;
  /** In the payment's currency (VND has no minor unit). */
  amount: number;
  currency: string;
  full: boolean;
  status: "pending" | "succeeded" | "failed";
  /** Attempts finished so far. */
  attempts: number;
  /** An attempt in flight, until its call must have ended. */
  sending: { attempt: number; until: number } | null;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  lastError: string | null;
  /** The provider's number of the refund. */
  providerRef: string | null;
  /** An earlier call may have reached the provider without us learning its answer. */
  unsure?: boolean;
}

export const refundKeys = {
  refund: (id: string) => ["provider_refunds", id],
  byTransaction: (txId: string, id: string) => ["provider_refunds_by_tx", txId, id],
  ofTransaction: (txId: string) => ["provider_refunds_by_tx", txId],
};

export async function getProviderRefund(id: string) {
  return (await kv().get<ProviderRefund>(refundKeys.refund(id))).value;
}

export async function listProviderRefunds(txId: string): Promise<ProviderRefund[]> {
  const out: ProviderRefund[] = [];
  for await (const e of kv().list<string>({ prefix: refundKeys.ofTransaction(txId) })) {
    const r = await getProviderRefund(e.value);
    if (r) out.push(r);
  }
  return out;
}

/**
 * In `op`: give back all of `tx` for `what.orderId`, or with `what.amount` that order's part (one
 * order of a bundle), through its provider. Stripe keeps its own job; VNPay and MoMo get a refund
 * record and its first attempt. `orderId` null: a payment that never became an order (completion's
 * automatic refund, requested by "system").
 */
export async function refundThroughProvider(
  op: Deno.AtomicOperation,
  tx: Transaction,
  what: { orderId: string | null; amount?: number },
  adminId: string,
) {
  if (tx.provider !== "vnpay" && tx.provider !== "momo") {
    const part = what.amount === undefined || !what.orderId
      ? {}
      : { orderId: what.orderId, amount: what.amount };
    await refundPayment({ transactionId: tx.id, ...part }, { atomic: op });
    return null;
  }
  const now = nowIso();
  const amount = what.amount ?? tx.amount;
  const refund: ProviderRefund = {
    id: newId(),
    provider: tx.provider,
    transactionId: tx.id,
    orderId: what.orderId,
    amount,
    currency: tx.currency,
    full: amount >= tx.amount,
    status: "pending",
    attempts: 0,
    sending: null,
    requestedBy: adminId,
    createdAt: now,
    updatedAt: now,
    lastError: null,
    providerRef: null,
  };
  op.check({ key: refundKeys.refund(refund.id), versionstamp: null })
    .set(refundKeys.refund(refund.id), refund)
    .set(refundKeys.byTransaction(tx.id, refund.id), refund.id);
  await sendProviderRefund({ refundId: refund.id, attempt: 1 }, { atomic: op });
  return refund;
}

/** `requestedBy` of the refunds nobody asked for (a payment that could not be delivered). */
export const SYSTEM = "system";

/** `unsure`: the call may have reached the provider (its answer is unknown). */
type Outcome =
  | { ok: true; ref: string }
  | { ok: false; retry: boolean; error: string; unsure?: boolean };

const vnpayApiUrl = () =>
  config().vnpayApiUrl ??
    `${config().internalOrigin}/checkout/vnpay/merchant_webapi/api/transaction`;
const momoRefundUrl = () =>
  config().momoRefundUrl ?? `${config().internalOrigin}/checkout/momo/v2/gateway/api/refund`;

async function postJson(url: string, body: unknown): Promise<
  { ok: true; body: Record<string, unknown> } | { ok: false; error: string }
> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config().providerRefundTimeoutMs),
    });
    const text = await res.text();
    if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
    const parsed = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") return { ok: false, error: "not a JSON object" };
    return { ok: true, body: parsed };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

// VNPay's refund error table ("Bảng mã lỗi" of "API hoàn tiền"): 99 = other errors, which may
// pass on a later try; 94 = a refund of this payment was already asked for and is in progress
// (ours, after an unsure call; else another order's of the same bundle payment: try again later).
// The others (02 TmnCode, 03 format, 91 not found, 95 refused, 97 checksum) will not pass.
const VNPAY_RETRY = new Set(["94", "99"]);
// MoMo result codes: 10 = system maintenance, 99 = unknown error, 7000/7002 = being processed.
const MOMO_RETRY = new Set([10, 99, 7000, 7002]);

/**
 * After an unsure call: does VNPay's querydr show this refund made? `made` (the payment shows a
 * refund that can only be this one), `not_made` (the payment shows none), else `unknown` (query
 * failed, or a bundle's sibling refund makes a partial one ambiguous).
 */
async function vnpayRefundMade(
  r: ProviderRefund,
  tx: Transaction,
  transactionDate: string,
  attempt: number,
): Promise<{ made: "made" | "not_made" | "unknown"; ref: string; error: string }> {
  const request = await vnpayQueryRequest({
    requestId: `${r.id}Q${attempt}`,
    txId: tx.id,
    transactionDate,
  });
  const res = await postJson(vnpayApiUrl(), request);
  if (!res.ok) return { made: "unknown", ref: "", error: `querydr: ${res.error}` };
  const b = res.body;
  if (!(await vnpayQueryResponseVerified(b)) || b.vnp_TxnRef !== tx.id) {
    return { made: "unknown", ref: "", error: "querydr: an answer we cannot trust" };
  }
  if (String(b.vnp_ResponseCode) !== "00") {
    return { made: "unknown", ref: "", error: `querydr ${b.vnp_ResponseCode}` };
  }
  // vnp_TransactionType: 01 payment, 02 full refund, 03 partial refund; vnp_TransactionStatus
  // 09 = "GD Hoàn trả bị từ chối" (the refund was refused: not made).
  const type = String(b.vnp_TransactionType ?? ""), status = String(b.vnp_TransactionStatus);
  if (type === "01" || status === "09") return { made: "not_made", ref: "", error: "" };
  if (type !== "02" && type !== "03") {
    return { made: "unknown", ref: "", error: `querydr type ${type}` };
  }
  const siblings = (await listProviderRefunds(tx.id)).filter((o) => o.id !== r.id);
  if (r.full || siblings.length === 0) {
    return { made: "made", ref: String(b.vnp_TransactionNo ?? ""), error: "" };
  }
  return {
    made: "unknown",
    ref: "",
    error: "VNPay shows a refund of this payment; whether it is this order's, check the portal",
  };
}

async function sendVnpay(r: ProviderRefund, tx: Transaction, attempt: number): Promise<Outcome> {
  const paid = await providerPaymentOf(tx);
  if (!paid?.transactionNo) {
    return { ok: false, retry: false, error: "no VNPay transaction number" };
  }
  const transactionDate = vnpayPaymentDate(tx, paid.payDate);
  if (r.unsure) {
    const check = await vnpayRefundMade(r, tx, transactionDate, attempt);
    if (check.made === "made") return { ok: true, ref: check.ref };
    if (check.made === "unknown") {
      // Never send again blindly: retry the question, and in the end leave it to the admin.
      return { ok: false, retry: true, error: check.error, unsure: true };
    }
  }
  const request = await vnpayRefundRequest({
    requestId: `${r.id}${attempt}`,
    txId: tx.id,
    amount: r.amount,
    full: r.full,
    transactionNo: paid.transactionNo,
    transactionDate,
    createBy: r.requestedBy,
  });
  const res = await postJson(vnpayApiUrl(), request);
  if (!res.ok) return { ok: false, retry: true, error: res.error, unsure: true };
  const b = res.body;
  if (!(await vnpayRefundResponseVerified(b))) {
    return { ok: false, retry: true, error: "VNPay answer with an invalid checksum", unsure: true };
  }
  const code = String(b.vnp_ResponseCode ?? "");
  // Our earlier call got through and VNPay is processing it.
  if (code === "94" && r.unsure) return { ok: true, ref: String(b.vnp_TransactionNo ?? "") };
  if (code !== "00") {
    return {
      ok: false,
      retry: VNPAY_RETRY.has(code),
      error: `VNPay ${code}: ${b.vnp_Message ?? ""}`,
    };
  }
  if (b.vnp_TxnRef !== tx.id || String(b.vnp_Amount) !== request.vnp_Amount) {
    return { ok: false, retry: false, error: "VNPay answered for another refund" };
  }
  return { ok: true, ref: String(b.vnp_TransactionNo ?? "") };
}

async function sendMomo(r: ProviderRefund, tx: Transaction): Promise<Outcome> {
  const paid = await providerPaymentOf(tx);
  const transId = Number(paid?.transactionNo);
  if (!paid || !Number.isSafeInteger(transId) || transId <= 0) {
    return { ok: false, retry: false, error: "no MoMo transId" };
  }
  const request = await momoRefundRequest({
    refundId: r.id,
    txId: tx.id,
    amount: r.amount,
    transId,
  });
  const res = await postJson(momoRefundUrl(), request);
  // The same orderId and requestId on the retry: MoMo answers it as the same request.
  if (!res.ok) return { ok: false, retry: true, error: res.error, unsure: true };
  const parsed = momoRefundResponse.safeParse(res.body);
  if (!parsed.success) {
    return { ok: false, retry: true, error: "malformed MoMo answer", unsure: true };
  }
  const b = parsed.data;
  if (b.resultCode !== 0) {
    return {
      ok: false,
      retry: MOMO_RETRY.has(b.resultCode),
      error: `MoMo ${b.resultCode}: ${b.message ?? ""}`,
    };
  }
  // MoMo does not sign this answer: it must at least be about our request.
  if (
    b.orderId !== request.orderId || b.requestId !== request.requestId ||
    b.amount !== request.amount || b.partnerCode !== request.partnerCode
  ) {
    return { ok: false, retry: false, error: "MoMo answered for another refund" };
  }
  return { ok: true, ref: String(b.transId) };
}

/** Delay before attempt `next` (2, 3, …): the base, doubling. */
const backoff = (next: number) => config().providerRefundBackoffMs * 2 ** (next - 2);

/** One attempt of a provider refund (see the top of this file). */
export const sendProviderRefund = defineJob<{ refundId: string; attempt: number }>(
  "payment.provider_refund",
  async ({ refundId, attempt }) => {
    const claimed = await retryAtomic<ProviderRefund | null>(async (op) => {
      const entry = await kv().get<ProviderRefund>(refundKeys.refund(refundId));
      const r = entry.value;
      if (!r || r.status !== "pending" || r.attempts !== attempt - 1) return noCommit(null);
      if (r.sending && r.sending.until > Date.now()) return noCommit(null);
      const next = {
        ...r,
        // An unsure VNPay attempt makes two calls in turn (querydr, then the refund), each
        // bounded by the timeout: the claim outlasts both, so no other worker resends meanwhile.
        sending: { attempt, until: Date.now() + 2 * config().providerRefundTimeoutMs + 5_000 },
      };
      op.check(entry).set(refundKeys.refund(refundId), next);
      return next;
    });
    if (!claimed) return;
    const tx = (await kv().get<Transaction>(keys.transaction(claimed.transactionId))).value;
    const outcome: Outcome = !tx
      ? { ok: false, retry: false, error: "transaction not found" }
      : claimed.provider === "vnpay"
      ? await sendVnpay(claimed, tx, attempt)
      : await sendMomo(claimed, tx);
    await retryAtomic(async (op) => {
      const entry = await kv().get<ProviderRefund>(refundKeys.refund(refundId));
      const r = entry.value;
      if (!r || r.status !== "pending" || r.sending?.attempt !== attempt) return noCommit(null);
      const now = nowIso();
      const base: ProviderRefund = { ...r, attempts: attempt, sending: null, updatedAt: now };
      op.check(entry);
      if (outcome.ok) {
        op.set(refundKeys.refund(refundId), {
          ...base,
          status: "succeeded",
          providerRef: outcome.ref,
          lastError: null,
        });
        return null;
      }
      if (outcome.unsure) base.unsure = true;
      if (outcome.retry && attempt < config().providerRefundAttempts) {
        op.set(refundKeys.refund(refundId), { ...base, lastError: outcome.error });
        await sendProviderRefund({ refundId, attempt: attempt + 1 }, {
          atomic: op,
          delayMs: backoff(attempt + 1),
        });
        return null;
      }
      const failed: ProviderRefund = { ...base, status: "failed", lastError: outcome.error };
      op.set(refundKeys.refund(refundId), failed);
      const target = r.orderId ? `order:${r.orderId}` : `transaction:${r.transactionId}`;
      const audit = auditEntry("system", "refund.provider_failed", target, {
        refundId,
        status: "pending",
      }, { status: "failed", provider: r.provider, error: outcome.error });
      op.set(keys.audit(audit.id), audit);
      const name = r.provider === "vnpay" ? "VNPay" : "MoMo";
      // An automatic refund (no admin asked for it) is every admin's to finish by hand.
      const topic = r.requestedBy === SYSTEM ? ADMINS_TOPIC : userTopic(r.requestedBy);
      // The admin who asked reads it in their language; the admins' topic is shared (English).
      const { t } = await notifierFor(r.requestedBy === SYSTEM ? null : r.requestedBy);
      addEvent(op, topic, "refund_failed", {
        title: t("server.notif.refundFailed.title", { provider: name }),
        body: t(
          base.unsure ? "server.notif.refundFailed.bodyUnsure" : "server.notif.refundFailed.body",
          {
            provider: name,
            error: outcome.error,
            amount: String(r.amount), // the provider's own figure, as its portal shows it
            currency: r.currency.toUpperCase(),
            tx: r.transactionId,
          },
        ),
        href: "/admin/orders",
        orderId: r.orderId,
        at: now,
      });
      return null;
    });
  },
);
