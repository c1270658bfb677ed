// /admin/payouts: payout requests, marked paid once sent (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { userNames } from "../../lib/admin/index.ts";
import { type AppEnv, formAction } from "../../lib/http/index.ts";
import { formatMoney, listPayoutsPage, markPayoutPaid } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const cursor = c.req.query("cursor") || null;
  const { items: payouts, cursor: next } = await listPayoutsPage(undefined, { limit: 50, cursor });
  const names = await userNames(payouts.map((p) => p.userId));
  return page(
    c,
    { title: "Payouts", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/payouts" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} />
        {payouts.length === 0 && <p class="text-slate-500">No payout requests.</p>}
        {payouts.map((p) => (
          <div key={p.id} class="card flex items-center justify-between p-3 text-sm">
            <span>
              {p.createdAt.slice(0, 10)} · {names.get(p.userId)} ·{" "}
              {formatMoney(p.amount, p.currency)} {p.currency.toUpperCase()} · {p.status}
            </span>
            {p.status === "requested" && (
              <form method="post" action={`/admin/payouts/${p.id}/paid`}>
                <button class="btn btn-primary !py-1" type="submit">Mark paid</button>
              </form>
            )}
          </div>
        ))}
        {next && (
          <a class="btn btn-secondary" href={`/admin/payouts?cursor=${encodeURIComponent(next)}`}>
            Next page
          </a>
        )}
      </div>
    ),
  );
});

app.post("/:id/paid", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/payouts", () => markPayoutPaid(admin, c.req.param("id")), {
    done: "paid",
  });
});

export default app;
