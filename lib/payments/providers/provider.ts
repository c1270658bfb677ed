// What every payment provider offers checkout.ts: where the buyer pays for a transaction, and
// which currencies it takes. Completion is not here: each provider's signed notification is
// verified in its own file and then goes through the one exactly-once path (completion.ts).
import { kv } from "../../kv/index.ts";
import type { Transaction } from "../model.ts";

export const PROVIDERS = ["stripe", "vnpay", "momo"] as const;
export type ProviderName = typeof PROVIDERS[number];

export interface CheckoutItem {
  title: string;
  email: string;
  /** The buyer's address (VNPay asks for it). */
  ip: string;
}

export interface StartedCheckout {
  /** Where the buyer is sent to pay. */
  url: string;
  /** The provider's reference of this checkout (a Stripe session, a MoMo request id). */
  reference: string | null;
}

export interface PaymentProvider {
  name: ProviderName;
  /** Lower-case currency codes it takes; null = every currency the app sells in. */
  currencies: readonly string[] | null;
  /** How long a started checkout may be offered again to the same buyer. */
  reuseMs: number;
  /** Extra rules on the amount (minor units), as a message for the buyer, or null. */
  amountProblem(amount: number, currency: string): string | null;
  start(tx: Transaction, item: CheckoutItem): Promise<StartedCheckout>;
}

/** Lower-case hex HMAC of `data` keyed with `key` (SHA-256 for MoMo, SHA-512 for VNPay). */
export async function hmacHex(hash: "SHA-256" | "SHA-512", key: string, data: string) {
  const enc = new TextEncoder();
  const k = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash }, false, [
    "sign",
  ]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(data)));
  return Array.from(sig, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compare two hex signatures in time independent of where they differ (case-insensitive). */
export function sameHex(a: string, b: string): boolean {
  const x = a.toLowerCase(), y = b.toLowerCase();
  if (x.length !== y.length || x.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i);
  return diff === 0;
}

/**
 * What a refund later needs from the provider's payment notification: VNPay's vnp_TransactionNo
 * and vnp_PayDate, MoMo's transId. Kept per transaction beside it (the completion commit is the
 * provider-neutral one), written once: a repeated notification of the same payment changes nothing.
 */
export interface ProviderPayment {
  provider: "vnpay" | "momo";
  transactionNo: string;
  /** VNPay: vnp_PayDate (yyyyMMddHHmmss, GMT+7). */
  payDate?: string;
}

export const providerPaymentKey = (txId: string) => ["provider_payments", txId];
/** The transaction of a provider's payment number (the test gateways' refund endpoints). */
export const providerPaymentByNo = (provider: string, no: string) => [
  "provider_payments_by_no",
  provider,
  no,
];

export async function rememberProviderPayment(txId: string, payment: ProviderPayment) {
  await kv().atomic().check({ key: providerPaymentKey(txId), versionstamp: null })
    .set(providerPaymentKey(txId), payment)
    .set(providerPaymentByNo(payment.provider, payment.transactionNo), txId).commit();
}

export async function providerPaymentOf(
  tx: Pick<Transaction, "id" | "checkoutSessionId">,
): Promise<ProviderPayment | null> {
  const stored = (await kv().get<ProviderPayment>(providerPaymentKey(tx.id))).value;
  if (stored) return stored;
  // Payments completed before this record existed: the completion kept `<provider>:<number>`.
  const m = /^(vnpay|momo):(\d+)$/.exec(tx.checkoutSessionId ?? "");
  return m ? { provider: m[1] as "vnpay" | "momo", transactionNo: m[2] } : null;
}
