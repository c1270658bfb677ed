// Where a seller's payouts go: a bank account (paid by hand by an admin) or a Stripe Connect
// account (paid by a Stripe transfer when STRIPE_SECRET_KEY is set). Stored under its own key,
// never inside the user record, so no listing, export or public JSON carries it; what the seller
// sees back is masked (last 4 digits). A payout keeps a snapshot of the details it was asked for
// (`payoutDestination`), so a later change does not redirect money already requested.
import { z } from "zod";
import { AppError } from "../http/index.ts";
import { kv, nowIso } from "../kv/index.ts";

export const payoutDetailKeys = {
  payoutDetails: (userId: string) => ["payout_details", userId],
  /** The details a payout was requested with (admins and the transfer job read them). */
  payoutDestination: (payoutId: string) => ["payout_destinations", payoutId],
};

/** Account numbers and IBANs: letters and digits once spaces and dashes are dropped. */
const accountNumber = z.string().trim().transform((s) => s.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{4,34}$/, "Use 4 to 34 letters or digits"));

const bankSchema = z.object({
  method: z.literal("bank"),
  accountHolder: z.string().trim().min(2, "Enter the account holder's name").max(100),
  bankName: z.string().trim().min(2, "Enter the bank's name").max(100),
  accountNumber,
  /** SWIFT/BIC (8 or 11 characters) or a local code (routing, sort code, IFSC…). */
  bankCode: z.string().trim().transform((s) => s.replace(/[\s-]/g, "").toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{3,20}$/, "Enter the SWIFT/BIC or local bank code")),
  country: z.string().trim().toUpperCase()
    .pipe(z.string().regex(/^[A-Z]{2}$/, "Use the 2-letter country code, e.g. DE")),
});

const stripeSchema = z.object({
  method: z.literal("stripe"),
  stripeAccountId: z.string().trim()
    .regex(/^acct_[A-Za-z0-9]{6,64}$/, "A Stripe Connect account id starts with acct_"),
});

export const payoutDetailsSchema = z.discriminatedUnion("method", [bankSchema, stripeSchema]);
export type PayoutDetailsInput = z.infer<typeof payoutDetailsSchema>;
export type PayoutDetails = PayoutDetailsInput & { updatedAt: string };

/** What the seller sees back: no full account number or account id. */
export type MaskedPayoutDetails =
  | {
    method: "bank";
    accountHolder: string;
    bankName: string;
    accountNumberLast4: string;
    bankCode: string;
    country: string;
    updatedAt: string;
  }
  | { method: "stripe"; stripeAccountLast4: string; updatedAt: string };

const last4 = (s: string) => s.slice(-4);

export function maskPayoutDetails(d: PayoutDetails): MaskedPayoutDetails {
  if (d.method === "stripe") {
    return {
      method: "stripe",
      stripeAccountLast4: last4(d.stripeAccountId),
      updatedAt: d.updatedAt,
    };
  }
  return {
    method: "bank",
    accountHolder: d.accountHolder,
    bankName: d.bankName,
    accountNumberLast4: last4(d.accountNumber),
    bankCode: d.bankCode,
    country: d.country,
    updatedAt: d.updatedAt,
  };
}

/** One line for lists: "Bank ···1234 (DE)" or "Stripe acct_···abcd". */
export function destinationLabel(d: PayoutDetails | PayoutDetailsInput): string {
  return d.method === "stripe"
    ? `Stripe acct_···${last4(d.stripeAccountId)}`
    : `Bank ···${last4(d.accountNumber)} (${d.country})`;
}

export const PAYOUT_SETTINGS_URL = "/account#payout-details";

export const detailsRequired = () =>
  new AppError(
    422,
    "payout_details_required",
    `Add your payout details (bank account or Stripe account) first: ${PAYOUT_SETTINGS_URL}`,
    undefined,
    { settingsUrl: PAYOUT_SETTINGS_URL },
  );

export async function getPayoutDetails(userId: string): Promise<PayoutDetails | null> {
  return (await kv().get<PayoutDetails>(payoutDetailKeys.payoutDetails(userId))).value;
}

export async function setPayoutDetails(
  userId: string,
  input: PayoutDetailsInput,
): Promise<PayoutDetails> {
  const details: PayoutDetails = { ...input, updatedAt: nowIso() };
  await kv().set(payoutDetailKeys.payoutDetails(userId), details);
  return details;
}

export async function deletePayoutDetails(userId: string) {
  await kv().delete(payoutDetailKeys.payoutDetails(userId));
}

export async function getPayoutDestination(payoutId: string): Promise<PayoutDetails | null> {
  return (await kv().get<PayoutDetails>(payoutDetailKeys.payoutDestination(payoutId))).value;
}
