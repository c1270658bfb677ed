// The account page's payout details section: the saved details, masked, and a plain form for a
// bank account or a Stripe Connect account (posts to /account/payout-details).
import { Alert, Field } from "../../components/Form.tsx";
import type { MaskedPayoutDetails } from "../../lib/payments/index.ts";

export function PayoutDetailsSection(
  { details, error, saved }: {
    details: MaskedPayoutDetails | null;
    error?: string;
    saved: boolean;
  },
) {
  return (
    <section id="payout-details" class="card space-y-3 p-4">
      <h2 class="text-lg font-semibold">Payout details</h2>
      <p class="text-sm text-slate-600">
        Where we send your sales money. Payouts need these details; only the last 4 characters are
        shown back.
      </p>
      {saved && <Alert kind="info">Payout details saved.</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {details
        ? (
          <p class="text-sm" data-testid="payout-details-current">
            {details.method === "stripe"
              ? `Stripe Connect account acct_···${details.stripeAccountLast4}`
              : `${details.accountHolder} · ${details.bankName} · account ···${details.accountNumberLast4}` +
                ` · ${details.bankCode} · ${details.country}`}
          </p>
        )
        : <p class="text-sm text-slate-500">No payout details yet.</p>}
      <form method="post" action="/account/payout-details" class="space-y-2">
        <p class="label">Bank transfer</p>
        <input type="hidden" name="method" value="bank" />
        <div class="grid gap-2 sm:grid-cols-2">
          <Field name="accountHolder" label="Account holder" required />
          <Field name="bankName" label="Bank name" required />
          <Field name="accountNumber" label="Account number or IBAN" required />
          <Field name="bankCode" label="SWIFT/BIC or local bank code" required />
          <Field name="country" label="Country (2 letters, e.g. DE)" required />
        </div>
        <button class="btn btn-primary" type="submit">Save bank details</button>
      </form>
      <form method="post" action="/account/payout-details" class="flex flex-wrap items-end gap-2">
        <input type="hidden" name="method" value="stripe" />
        <Field name="stripeAccountId" label="Or a Stripe Connect account id (acct_…)" required />
        <button class="btn btn-secondary" type="submit">Save Stripe account</button>
      </form>
    </section>
  );
}

/** The form's fields as the JSON shape payoutDetailsSchema reads. */
export function payoutDetailsFromForm(form: Record<string, string>) {
  if (form.method === "stripe") return { method: "stripe", stripeAccountId: form.stripeAccountId };
  const { accountHolder, bankName, accountNumber, bankCode, country } = form;
  return { method: form.method, accountHolder, bankName, accountNumber, bankCode, country };
}
