// /admin/marketplace: listing moderation (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav, adminTextOf } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { type AppEnv, AppError, formAction, formBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { listListingsByStatus, reviewListing } from "../../lib/market/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const status = c.req.query("status") ?? "pending";
  const { items: listings, cursor } = await listListingsByStatus(
    status || undefined,
    listParams(c.req.query()),
  );
  const { t, state, money, done } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.market.title"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/marketplace" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} messages={done} />
        <div class="flex gap-2 text-sm">
          {["pending", "approved", "rejected", ""].map((s) => (
            <a
              key={s}
              href={`/admin/marketplace?status=${s}`}
              class={`btn ${s === status ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s ? state("listing", s) : t("admin.common.all")}
            </a>
          ))}
        </div>
        {listings.length === 0 && <p class="text-slate-500">{t("admin.market.empty")}</p>}
        {listings.map((l) => (
          <article key={l.id} class="card grid gap-4 p-4 md:grid-cols-3" data-listing-id={l.id}>
            <iframe
              src={l.previewUrl}
              title={t("admin.market.previewOf", { title: l.title })}
              class="h-56 w-full rounded border border-slate-200"
              sandbox="allow-same-origin"
              loading="lazy"
            />
            <div class="space-y-1 md:col-span-2">
              <h2 class="font-semibold">
                {l.title}{" "}
                <span class="badge bg-slate-100">
                  {l.updatePending ? t("admin.market.updateToReview") : state("listing", l.status)}
                </span>
              </h2>
              <p class="text-sm text-slate-500">
                {t("admin.market.by", { seller: l.sellerName })} · {l.category} ·{" "}
                {money(l.price, l.currency)} ·{" "}
                <a class="underline" href={l.previewUrl} target="_blank" rel="noopener">
                  {t("admin.market.openPreview")}
                </a>
              </p>
              <p class="text-sm">{l.description}</p>
              {l.rejectReason && (
                <p class="text-sm text-red-700">
                  {t("admin.market.rejected", { reason: l.rejectReason })}
                </p>
              )}
              <div class="flex flex-wrap gap-2 pt-2">
                {(l.status !== "approved" || l.updatePending) && (
                  <form method="post" action={`/admin/marketplace/${l.id}/approve`}>
                    <button class="btn btn-primary !py-1" type="submit">
                      {t("admin.market.approve")}
                    </button>
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
                      placeholder={t("admin.market.reason")}
                      aria-label={t("admin.market.reason")}
                    />
                    <button class="btn btn-danger !py-1" type="submit">
                      {t("admin.market.reject")}
                    </button>
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
            {t("admin.common.nextPage")}
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
    if (reason.length < 3) {
      throw AppError.inLanguage(
        422,
        "validation_failed",
        adminTextOf(c).t("admin.market.needReason"),
      );
    }
    await reviewListing(admin, c.req.param("id"), { approve: false, reason });
  }, { done: "rejected" });
});

export default app;
