// /admin/marketplace: listing moderation (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { type AppEnv, AppError, formAction, formBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { listListingsByStatus, reviewListing } from "../../lib/market/index.ts";
import { formatMoney } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const status = c.req.query("status") ?? "pending";
  const { items: listings, cursor } = await listListingsByStatus(
    status || undefined,
    listParams(c.req.query()),
  );
  return page(
    c,
    { title: "Moderation", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/marketplace" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} />
        <div class="flex gap-2 text-sm">
          {["pending", "approved", "rejected", ""].map((s) => (
            <a
              key={s}
              href={`/admin/marketplace?status=${s}`}
              class={`btn ${s === status ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s || "all"}
            </a>
          ))}
        </div>
        {listings.length === 0 && <p class="text-slate-500">Nothing to review.</p>}
        {listings.map((l) => (
          <article key={l.id} class="card grid gap-4 p-4 md:grid-cols-3" data-listing-id={l.id}>
            <iframe
              src={l.previewUrl}
              title={`Preview of ${l.title}`}
              class="h-56 w-full rounded border border-slate-200"
              sandbox="allow-same-origin"
              loading="lazy"
            />
            <div class="space-y-1 md:col-span-2">
              <h2 class="font-semibold">
                {l.title}{" "}
                <span class="badge bg-slate-100">
                  {l.updatePending ? "update to review" : l.status}
                </span>
              </h2>
              <p class="text-sm text-slate-500">
                by {l.sellerName} · {l.category} · {formatMoney(l.price, l.currency)} ·{" "}
                <a class="underline" href={l.previewUrl} target="_blank" rel="noopener">
                  open preview
                </a>
              </p>
              <p class="text-sm">{l.description}</p>
              {l.rejectReason && <p class="text-sm text-red-700">Rejected: {l.rejectReason}</p>}
              <div class="flex flex-wrap gap-2 pt-2">
                {(l.status !== "approved" || l.updatePending) && (
                  <form method="post" action={`/admin/marketplace/${l.id}/approve`}>
                    <button class="btn btn-primary !py-1" type="submit">Approve</button>
                  </form>
                )}
                {l.status !== "rejected" && (
                  <form
                    method="post"
                    action={`/admin/marketplace/${l.id}/reject`}
                    class="flex gap-2"
                  >
                    <input
                      class="input !py-1"
                      name="reason"
                      required
                      minLength={3}
                      placeholder="Reason the seller will see"
                    />
                    <button class="btn btn-danger !py-1" type="submit">Reject</button>
                  </form>
                )}
              </div>
            </div>
          </article>
        ))}
        {cursor && (
          <a
            class="btn btn-secondary"
            href={`/admin/marketplace?status=${encodeURIComponent(status)}&cursor=${
              encodeURIComponent(cursor)
            }`}
          >
            Next page
          </a>
        )}
      </div>
    ),
  );
});

app.post("/:id/approve", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(
    c,
    "/admin/marketplace",
    () => reviewListing(admin, c.req.param("id"), { approve: true }),
    { done: "approved" },
  );
});

app.post("/:id/reject", async (c) => {
  const admin = requireAdmin(c);
  const reason = ((await formBody(c)).reason ?? "").trim().slice(0, 1000);
  return await formAction(c, "/admin/marketplace", async () => {
    if (reason.length < 3) throw new AppError(422, "validation_failed", "Give the seller a reason");
    await reviewListing(admin, c.req.param("id"), { approve: false, reason });
  }, { done: "rejected" });
});

export default app;
