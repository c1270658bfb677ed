// The payment page of the offline test gateways (MoMo, VNPay): a card in the provider's colours
// with the amount, and Pay / Cancel buttons while the transaction is pending. Each route passes
// its brand (logo, colours, texts) and its own summary rows; the form's buttons are the same.
import type { ComponentChildren } from "preact";
import { useT } from "../lib/i18n/context.ts";

export interface TestGatewayProps {
  /** data-testid of the card ("momo-gateway"). */
  testId: string;
  /** The page's background class, written out whole in the route so Tailwind finds it. */
  backdrop: string;
  /** The Pay button's colour classes. */
  payColors: string;
  logo: ComponentChildren;
  heading: string;
  /** The order's summary between the heading and the buttons. */
  summary: ComponentChildren;
  /** The transaction's status: only a pending one can still be paid or cancelled. */
  status: string;
  /** Where the form posts. */
  action: string;
  /** Inputs above the buttons (VNPay's signed query and card details). */
  fields?: ComponentChildren;
  payLabel: string;
  cancelLabel: string;
}

export function TestGatewayPage(props: TestGatewayProps) {
  const t = useT();
  return (
    <div class={`flex min-h-screen items-center justify-center ${props.backdrop} px-4`}>
      <div class="card w-full max-w-md space-y-5 p-6" data-testid={props.testId}>
        <div class="flex items-center justify-between">
          {props.logo}
          <span class="badge bg-amber-100 text-amber-800">{t("market.gw.sandbox")}</span>
        </div>
        <h1 class="text-lg font-semibold">{props.heading}</h1>
        {props.summary}
        {props.status !== "pending"
          ? <p class="text-sm">{t("market.gw.processed", { status: props.status })}</p>
          : (
            <form method="post" action={props.action} class="space-y-3">
              {props.fields}
              <button
                class={`btn w-full ${props.payColors}`}
                type="submit"
                name="action"
                value="pay"
                data-testid="pay"
              >
                {props.payLabel}
              </button>
              <button
                class="btn btn-secondary w-full"
                type="submit"
                name="action"
                value="cancel"
                data-testid="cancel"
              >
                {props.cancelLabel}
              </button>
            </form>
          )}
      </div>
    </div>
  );
}

/** What the buyer chose on the gateway page's form. */
export const gatewayOutcome = (form: Record<string, unknown>): "paid" | "cancelled" =>
  form.action === "cancel" ? "cancelled" : "paid";
