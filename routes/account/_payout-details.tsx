// The account page's payout details section: the saved details, masked, and a plain form for a
// bank account or a Stripe Connect account (posts to /account/payout-details).
import { Alert, Field } from "../../components/Form.tsx";
import type { MaskedPayoutDetails } from "../../lib/payments/index.ts";
import { useT } from "../../lib/i18n/context.ts";

export function PayoutDetailsSection(
  { details, error, saved }: {
    details: MaskedPayoutDetails | null;
    error?: string;
    saved: boolean;
  },
) {
  const t = useT();
  return (
    <section id="payout-details" class="card space-y-3 p-4">
      <h2 class="text-lg font-semibold">{t("seller.payout.title")}</h2>
      <p class="text-sm text-slate-600">{t("seller.payout.lead")}</p>
      {saved && <Alert kind="info">{t("seller.payout.saved")}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {details
        ? (
          <p class="text-sm" data-testid="payout-details-current">
            {details.method === "stripe"
              ? t("seller.payout.stripeCurrent", { last4: details.stripeAccountLast4 })
              : t("seller.payout.bankCurrent", {
                holder: details.accountHolder,
                bank: details.bankName,
                last4: details.accountNumberLast4,
                code: details.bankCode,
                country: details.country,
              })}
          </p>
        )
        : <p class="text-sm text-slate-500">{t("seller.payout.none")}</p>}
      <form method="post" action="/account/payout-details" class="space-y-2">
        <p class="label">{t("seller.payout.bank")}</p>
        <input type="hidden" name="method" value="bank" />
        <div class="grid gap-2 sm:grid-cols-2">
          <Field name="accountHolder" label={t("seller.payout.holder")} required />
          <Field name="bankName" label={t("seller.payout.bankName")} required />
          <Field name="accountNumber" label={t("seller.payout.number")} required />
          <Field name="bankCode" label={t("seller.payout.code")} required />
          <Field name="country" label={t("seller.payout.country")} required />
        </div>
        <button class="btn btn-primary" type="submit">{t("seller.payout.saveBank")}</button>
      </form>
      <form method="post" action="/account/payout-details" class="flex flex-wrap items-end gap-2">
        <input type="hidden" name="method" value="stripe" />
        <Field name="stripeAccountId" label={t("seller.payout.stripeId")} required />
        <button class="btn btn-secondary" type="submit">{t("seller.payout.saveStripe")}</button>
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
