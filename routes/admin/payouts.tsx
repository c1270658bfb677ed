// /admin/payouts: payout requests, marked paid once sent (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav, type AdminT, adminTextOf } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { userNames } from "../../lib/admin/index.ts";
import { type AppEnv, formAction, formBody } from "../../lib/http/index.ts";
import {
  getPayoutDestination,
  listPayoutsPage,
  markPaidSchema,
  markPayoutPaid,
  type PayoutDetails,
} from "../../lib/payments/index.ts";
import { parseWith } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const cursor = c.req.query("cursor") || null;
  const { items: payouts, cursor: next } = await listPayoutsPage(undefined, { limit: 50, cursor });
  const names = await userNames(payouts.map((p) => p.userId));
  // Admins pay bank transfers by hand, so the console shows the full details the payout was
  // requested with (sellers only ever see them masked).
  const open = payouts.filter((p) => p.status === "requested" && !p.transfer);
  const dests = new Map(
    await Promise.all(open.map(async (p) => [p.id, await getPayoutDestination(p.id)] as const)),
  );
  const { t, state, money, day, done } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.nav.payouts"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/payouts" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} messages={done} />
        {payouts.length === 0 && <p class="text-slate-500">{t("admin.payouts.empty")}</p>}
        {payouts.map((p) => (
          <div key={p.id} class="card flex items-center justify-between p-3 text-sm">
            <span>
              {day(p.createdAt)} · {names.get(p.userId)} · {money(p.amount, p.currency)}{" "}
              {p.currency.toUpperCase()} · {state("payout", p.status)}
              {p.destination && ` · ${p.destination}`}
              {p.reference && ` · ${t("admin.payouts.ref", { reference: p.reference })}`}
              {p.transfer && p.status === "requested" &&
                ` · ${t("admin.payouts.transferTry", { attempt: p.transfer.attempts + 1 })}`}
              {p.transfer?.lastError && ` · ${p.transfer.lastError}`}
              <Destination details={dests.get(p.id) ?? null} t={t} />
            </span>
            {p.status === "requested" && !p.transfer && (
              <form
                method="post"
                action={`/admin/payouts/${p.id}/paid`}
                class="flex items-center gap-2"
              >
                <input
                  class="input !py-1"
                  name="reference"
                  placeholder={t("admin.payouts.reference")}
                  aria-label={t("admin.payouts.reference")}
                  required
                  minLength={3}
                  maxLength={100}
                />
                <button class="btn btn-primary !py-1" type="submit">
                  {t("admin.payouts.markPaid")}
                </button>
              </form>
            )}
          </div>
        ))}
        {next && (
          <a class="btn btn-secondary" href={`/admin/payouts?cursor=${encodeURIComponent(next)}`}>
            {t("admin.common.nextPage")}
          </a>
        )}
      </div>
    ),
  );
});

app.post("/:id/paid", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(c, "/admin/payouts", async () => {
    const { reference } = parseWith(markPaidSchema, { reference: form.reference ?? "" });
    return await markPayoutPaid(admin, c.req.param("id"), reference);
  }, { done: "paid" });
});

/** The full bank or Stripe details of an open payout, for the admin making the transfer. */
function Destination({ details, t }: { details: PayoutDetails | null; t: AdminT }) {
  if (!details) return null;
  return (
    <span class="block text-xs text-slate-600" data-testid="payout-destination">
      {details.method === "stripe"
        ? t("admin.payouts.stripeAccount", { id: details.stripeAccountId })
        : `${details.accountHolder} · ${details.bankName} · ${details.accountNumber} · ` +
          `${details.bankCode} · ${details.country}`}
    </span>
  );
}

export default app;
