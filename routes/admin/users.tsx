// /admin/users: find users, change role, suspend or restore, and one user's pages, listings and
// orders, with their data rights: download the export, delete the account (admins only: see
// _middleware.ts; both recorded in the audit log).
import { Hono } from "hono";
import { AdminNav, adminTextOf } from "../../components/AdminNav.tsx";
import { Alert, DoneNotice } from "../../components/Form.tsx";
import { adminUpdateUser, listUsers } from "../../lib/admin/index.ts";
import { adminDeleteAccount, availableBalances, isDeleted } from "../../lib/account/index.ts";
import { getBalance, getUser } from "../../lib/auth/index.ts";
import { listRooms } from "../../lib/chat/index.ts";
import { type AppEnv, formAction, formBody, notFound } from "../../lib/http/index.ts";
import { listSellerListingsPage } from "../../lib/market/index.ts";
import { listOwnPages, toView } from "../../lib/pages/index.ts";
import { listOrdersOfBuyer, listOrdersOfSeller } from "../../lib/payments/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

type Text = ReturnType<typeof adminTextOf>;

app.get("/", async (c) => {
  const q = c.req.query("q") ?? "";
  const role = c.req.query("role") ?? "";
  const cursor = c.req.query("cursor") || null;
  const { items: users, cursor: next } = await listUsers(
    { q, role: role || undefined },
    { limit: 50, cursor },
  );
  const nextHref = next ? `/admin/users?${new URLSearchParams({ q, role, cursor: next })}` : null;
  const { t, state, day, done } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.nav.users"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/users" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <DoneNotice done={c.req.query("done")} messages={done} />
        <form method="get" class="flex flex-wrap gap-2">
          <input
            class="input max-w-xs"
            name="q"
            value={q}
            placeholder={t("admin.users.searchPlaceholder")}
            aria-label={t("admin.users.search")}
          />
          <select class="input max-w-40" name="role" aria-label={t("admin.users.role")}>
            <option value="">{t("admin.users.allRoles")}</option>
            {["user", "admin"].map((r) => (
              <option key={r} value={r} selected={r === role}>{state("role", r)}</option>
            ))}
          </select>
          <button class="btn btn-secondary" type="submit">{t("admin.users.filter")}</button>
        </form>
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">{t("admin.users.user")}</th>
                <th class="px-3 py-2">{t("admin.users.joined")}</th>
                <th class="px-3 py-2">{t("admin.users.role")}</th>
                <th class="px-3 py-2">{t("admin.users.status")}</th>
                <th class="px-3 py-2">{t("admin.users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} class="border-t border-slate-100" data-user-id={u.id}>
                  <td class="px-3 py-2">
                    <a class="font-medium hover:underline" href={`/admin/users/${u.id}`}>
                      {u.name}
                    </a>
                    <span class="block text-slate-500">{u.email}</span>
                  </td>
                  <td class="px-3 py-2">{day(u.createdAt)}</td>
                  <td class="px-3 py-2">{state("role", u.role)}</td>
                  <td class="px-3 py-2">
                    {u.suspended
                      ? (
                        <span class="badge bg-red-100 text-red-800">
                          {t("admin.account.suspended")}
                        </span>
                      )
                      : (
                        <span class="badge bg-emerald-100 text-emerald-800">
                          {t("admin.account.active")}
                        </span>
                      )}
                  </td>
                  <td class="px-3 py-2">
                    <div class="flex flex-wrap items-start gap-2">
                      <form method="post" action={`/admin/users/${u.id}`}>
                        <input
                          type="hidden"
                          name="role"
                          value={u.role === "admin" ? "user" : "admin"}
                        />
                        <button
                          class="btn btn-secondary !py-1"
                          type="submit"
                          name="change"
                          value="role"
                        >
                          {u.role === "admin"
                            ? t("admin.users.makeUser")
                            : t("admin.users.makeAdmin")}
                        </button>
                      </form>
                      <form method="post" action={`/admin/users/${u.id}`}>
                        <input
                          type="hidden"
                          name="suspended"
                          value={u.suspended ? "false" : "true"}
                        />
                        {u.suspended
                          ? (
                            <button
                              class="btn btn-secondary !py-1"
                              type="submit"
                              name="change"
                              value="suspended"
                            >
                              {t("admin.users.restore")}
                            </button>
                          )
                          : (
                            // Two steps without script: suspending takes the user's listings
                            // off sale, so it is never one click.
                            <details>
                              <summary class="btn btn-danger !py-1 cursor-pointer list-none">
                                {t("admin.users.suspend")}
                              </summary>
                              <p class="my-2 max-w-56 text-xs text-slate-600">
                                {t("admin.users.suspendConfirm", { name: u.name })}
                              </p>
                              <button
                                class="btn btn-danger !py-1"
                                type="submit"
                                name="change"
                                value="suspended"
                              >
                                {t("admin.users.yesSuspend")}
                              </button>
                            </details>
                          )}
                      </form>
                    </div>
                  </td>
                </tr>
              ))}
              {users.length === 0 && (
                <tr>
                  <td colSpan={5} class="px-3 py-4 text-slate-500">{t("admin.users.empty")}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {nextHref && (
          <a class="btn btn-secondary" href={nextHref} data-testid="next-page">
            {t("admin.common.nextPage")}
          </a>
        )}
      </div>
    ),
  );
});

app.post("/:id", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  const patch = form.change === "role"
    ? { role: form.role === "admin" ? "admin" as const : "user" as const }
    : { suspended: form.suspended === "true" };
  const done = "role" in patch ? "role" : patch.suspended ? "suspended" : "restored";
  return await formAction(
    c,
    "/admin/users",
    () => adminUpdateUser(admin, c.req.param("id"), patch),
    { done },
  );
});

app.post("/:id/delete", async (c) => {
  const admin = requireAdmin(c);
  const id = c.req.param("id");
  const form = await formBody(c);
  try {
    await adminDeleteAccount(admin, id, { confirmBalance: form.confirmBalance === "1" });
  } catch (err) {
    // Back to the user's page with the reason (the balance warning among them).
    return await formAction(c, `/admin/users/${id}`, () => Promise.reject(err));
  }
  return c.redirect("/admin/users?done=deleted", 303);
});

app.get("/:id", async (c) => {
  const user = await getUser(c.req.param("id"));
  if (!user) throw notFound("User");
  const [pages, orders, sales, listings, balance, rooms, available] = await Promise.all([
    listOwnPages(user.id, { limit: 100 }),
    listOrdersOfBuyer(user.id),
    listOrdersOfSeller(user.id),
    // 50 listings a page; `?listings=` is the next page's cursor.
    listSellerListingsPage(user.id, { limit: 50, cursor: c.req.query("listings") || null }),
    getBalance(user.id),
    listRooms(requireAdmin(c), { userId: user.id }, { limit: 100 }).then((p) => p.items),
    availableBalances(user.id),
  ]);
  const text = adminTextOf(c);
  const { t, state, day, money } = text;
  return page(
    c,
    { title: user.name, active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/users" heading={false} />
        <h1 class="text-2xl font-semibold">
          {user.name}{" "}
          <span class="text-base font-normal text-slate-500">
            {user.email} · {state("role", user.role)}
            {user.suspended ? ` · ${t("admin.account.suspended")}` : ""}
          </span>
        </h1>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {!isDeleted(user) && <DataRights user={user} available={available} text={text} />}
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">
            {t("admin.user.pages", { count: pages.items.length })}
          </h2>
          {pages.items.map((p) => {
            const v = toView(p);
            return (
              <p key={p.id} class="text-sm">
                {p.name} · {state("page", p.status)}{" "}
                {v.url && <a class="text-brand-600 underline" href={v.url}>{v.url}</a>}
              </p>
            );
          })}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">{t("admin.user.orders", { count: orders.length })}</h2>
          {orders.map((o) => (
            <p key={o.id} class="text-sm">
              {day(o.createdAt)} · {o.title} · {money(o.price, o.currency)} ·{" "}
              {state("order", o.status)}
            </p>
          ))}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">
            {t("admin.user.listings", {
              count: `${listings.items.length}${listings.cursor ? "+" : ""}`,
            })}
          </h2>
          {listings.items.map((l) => (
            <p key={l.id} class="text-sm">
              <a class="hover:underline" href={`/marketplace/${l.id}`}>{l.title}</a> ·{" "}
              {money(l.price, l.currency)} · {state("listing", l.status)} ·{" "}
              {t("admin.user.sold", { count: l.soldCount })}
            </p>
          ))}
          {listings.cursor && (
            <a
              class="text-sm hover:underline"
              href={`/admin/users/${user.id}?listings=${listings.cursor}`}
            >
              {t("admin.user.moreListings")}
            </a>
          )}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">{t("admin.user.sales", { count: sales.length })}</h2>
          <p class="mb-2 text-sm text-slate-600">
            {t("admin.user.balance", {
              held: money(balance.held, balance.currency),
              available: money(balance.available, balance.currency),
              paidOut: money(balance.paidOut, balance.currency),
            })}
          </p>
          {sales.map((o) => (
            <p key={o.id} class="text-sm">
              {day(o.createdAt)} · {o.title} · {money(o.price, o.currency)} ·{" "}
              {state("order", o.status)}
            </p>
          ))}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">{t("admin.user.rooms", { count: rooms.length })}</h2>
          {rooms.map((r) => (
            <p key={r.id} class="text-sm">
              <a class="hover:underline" href={`/admin/support?room=${r.id}`}>{r.subject}</a> ·{" "}
              {state("room", r.status)}
            </p>
          ))}
        </section>
      </div>
    ),
  );
});

/**
 * Export and deletion for the user. Deleting is two steps without script (a <details>), and a
 * seller with money available is warned with the amounts and must tick the confirmation.
 */
function DataRights(
  p: {
    user: { id: string; name: string; role: string };
    available: { currency: string; available: number }[];
    text: Text;
  },
) {
  const { t, money } = p.text;
  const owed = p.available.map((b) => money(b.available, b.currency)).join(" + ");
  return (
    <section class="card p-4" data-testid="data-rights">
      <h2 class="mb-2 font-semibold">{t("admin.user.dataRights")}</h2>
      <div class="flex flex-wrap items-start gap-2">
        <a
          class="btn btn-secondary"
          href={`/api/admin/users/${p.user.id}/export`}
          download
          data-testid="admin-export"
        >
          {t("admin.user.export")}
        </a>
        {p.user.role === "admin"
          ? <p class="text-sm text-slate-600">{t("admin.user.adminCannotDelete")}</p>
          : (
            <details>
              <summary class="btn btn-danger cursor-pointer list-none">
                {t("admin.user.delete")}
              </summary>
              <form
                method="post"
                action={`/admin/users/${p.user.id}/delete`}
                class="mt-2 max-w-md space-y-2 text-sm"
              >
                <p class="text-slate-600">
                  {t("admin.user.deleteConfirm", { name: p.user.name })}
                </p>
                {owed && (
                  <>
                    <p class="text-red-700" role="alert" data-testid="balance-warning">
                      {t("admin.user.balanceWarning", { name: p.user.name, amount: owed })}
                    </p>
                    <label class="flex items-center gap-2">
                      <input type="checkbox" name="confirmBalance" value="1" required />
                      {t("admin.user.deleteAnyway")}
                    </label>
                  </>
                )}
                <button class="btn btn-danger" type="submit" data-testid="admin-delete">
                  {t("admin.user.yesDelete")}
                </button>
              </form>
            </details>
          )}
      </div>
    </section>
  );
}

export default app;
