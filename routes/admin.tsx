// Admin consoles (admins only; others get a friendly 403 page): the live dashboard, users,
// marketplace moderation, orders and refunds, payouts, the audit log and the email outbox.
import { Hono } from "hono";
import { AdminNav } from "../components/AdminNav.tsx";
import { Alert } from "../components/Form.tsx";
import { Island } from "../components/Island.tsx";
import LiveStats from "../islands/LiveStats.tsx";
import { adminUpdateUser, listUsers, readableAudit, userNames } from "../lib/admin/index.ts";
import { getBalance, getUser } from "../lib/auth/index.ts";
import { listRooms } from "../lib/chat/index.ts";
import { type AppEnv, AppError, formAction, formBody, notFound } from "../lib/http/index.ts";
import { listMail } from "../lib/mail/index.ts";
import { listListingsByStatus, listSellerListings, reviewListing } from "../lib/market/index.ts";
import { listOwnPages, toView } from "../lib/pages/index.ts";
import {
  adminRefundable,
  formatMoney,
  getOrder,
  listAllOrders,
  listOrdersOfBuyer,
  listOrdersOfSeller,
  listPayouts,
  markPayoutPaid,
  refundOrder,
} from "../lib/payments/index.ts";
import { page } from "../components/render.tsx";
import { requireAdmin } from "../lib/http/session.ts";
import { readDailySeries, readLiveStats } from "../lib/admin/stats.ts";

const app = new Hono<AppEnv>();

app.use("/admin/*", async (c, next) => {
  requireAdmin(c);
  await next();
});
app.use("/admin", async (c, next) => {
  requireAdmin(c);
  await next();
});

const money = (n: number) => formatMoney(n, "usd");

/** What an admin action changed, field by field ("status: pending → approved"). */
function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const show = (v: unknown) => (v === null || v === undefined ? "–" : String(v));
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return (
    <ul>
      {fields.map((k) => (
        <li key={k}>
          <span class="text-slate-500">{k}:</span> {show(b[k])} → {show(a[k])}
        </li>
      ))}
    </ul>
  );
}

function AuditTarget({ target }: { target: { label: string; href: string | null } }) {
  return target.href
    ? <a class="text-brand-600 hover:underline" href={target.href}>{target.label}</a>
    : <span class="font-mono text-xs">{target.label}</span>;
}

const TILES = [
  { key: "users", label: "Users" },
  { key: "pages", label: "Pages" },
  { key: "publishedPages", label: "Published" },
  { key: "listings", label: "Listings" },
  { key: "pendingListings", label: "Pending review" },
  { key: "orders", label: "Orders" },
  { key: "revenue", label: "Revenue", money: true },
  { key: "platformFees", label: "Platform fees", money: true },
  { key: "openChats", label: "Open chats" },
  { key: "leads", label: "Leads" },
];

app.get("/admin", async (c) => {
  const [stats, revenue, orders, signups, leads, { entries: audit, names, targets }, users] =
    await Promise.all([
      readLiveStats(),
      readDailySeries("revenue"),
      readDailySeries("orders"),
      readDailySeries("users"),
      readDailySeries("leads"),
      readableAudit(10),
      listUsers({}),
    ]);
  return page(
    c,
    { title: "Admin", active: "/admin" },
    (
      <div class="space-y-6">
        <AdminNav active="/admin" />
        <h1 class="text-2xl font-semibold">Dashboard</h1>
        <div>
          <Island
            c={LiveStats}
            props={{
              src: "/api/dashboard/events",
              event: "stats",
              tiles: TILES,
              initial: stats,
              charts: [
                { key: "revenue", title: "Revenue", money: true, series: revenue },
                { key: "orders", title: "Orders", series: orders },
                { key: "users", title: "Sign-ups", series: signups },
                { key: "leads", title: "Leads", series: leads },
              ],
              chartGrid: "md:grid-cols-2",
            }}
          />
        </div>
        <div class="grid gap-4 md:grid-cols-2">
          <section class="card p-4">
            <h2 class="mb-2 font-semibold">Recent admin activity</h2>
            <ul class="space-y-1 text-sm">
              {audit.map((a) => (
                <li key={a.id}>
                  {a.at.slice(0, 16).replace("T", " ")} · {names.get(a.actorId)} · {a.action} ·{" "}
                  <AuditTarget target={targets.get(a.target)!} />
                </li>
              ))}
              {audit.length === 0 && <li class="text-slate-500">Nothing yet.</li>}
            </ul>
          </section>
          <section class="card p-4">
            <h2 class="mb-2 font-semibold">Newest users</h2>
            <ul class="space-y-1 text-sm">
              {users.slice(0, 8).map((u) => (
                <li key={u.id}>
                  <a class="hover:underline" href={`/admin/users/${u.id}`}>{u.name}</a> · {u.email}
                  {" "}
                  · {u.createdAt.slice(0, 10)}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    ),
  );
});

app.get("/admin/users", async (c) => {
  const q = c.req.query("q") ?? "";
  const role = c.req.query("role") ?? "";
  const users = await listUsers({ q, role: role || undefined });
  return page(
    c,
    { title: "Users", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/users" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <form method="get" class="flex flex-wrap gap-2">
          <input class="input max-w-xs" name="q" value={q} placeholder="Search name or email" />
          <select class="input max-w-40" name="role">
            <option value="">All roles</option>
            {["user", "admin"].map((r) => (
              <option key={r} value={r} selected={r === role}>{r}</option>
            ))}
          </select>
          <button class="btn btn-secondary" type="submit">Filter</button>
        </form>
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">User</th>
                <th class="px-3 py-2">Joined</th>
                <th class="px-3 py-2">Role</th>
                <th class="px-3 py-2">Status</th>
                <th class="px-3 py-2">Actions</th>
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
                  <td class="px-3 py-2">{u.createdAt.slice(0, 10)}</td>
                  <td class="px-3 py-2">{u.role}</td>
                  <td class="px-3 py-2">
                    {u.suspended
                      ? <span class="badge bg-red-100 text-red-800">suspended</span>
                      : <span class="badge bg-emerald-100 text-emerald-800">active</span>}
                  </td>
                  <td class="px-3 py-2">
                    <form method="post" action={`/admin/users/${u.id}`} class="flex gap-2">
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
                        Make {u.role === "admin" ? "user" : "admin"}
                      </button>
                      <input
                        type="hidden"
                        name="suspended"
                        value={u.suspended ? "false" : "true"}
                      />
                      <button
                        class={`btn ${u.suspended ? "btn-secondary" : "btn-danger"} !py-1`}
                        type="submit"
                        name="change"
                        value="suspended"
                      >
                        {u.suspended ? "Restore" : "Suspend"}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    ),
  );
});

app.post("/admin/users/:id", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  const patch = form.change === "role"
    ? { role: form.role === "admin" ? "admin" as const : "user" as const }
    : { suspended: form.suspended === "true" };
  return await formAction(
    c,
    "/admin/users",
    () => adminUpdateUser(admin, c.req.param("id"), patch),
  );
});

app.get("/admin/users/:id", async (c) => {
  const user = await getUser(c.req.param("id"));
  if (!user) throw notFound("User");
  const [pages, orders, sales, listings, balance, rooms] = await Promise.all([
    listOwnPages(user.id, { limit: 100 }),
    listOrdersOfBuyer(user.id),
    listOrdersOfSeller(user.id),
    listSellerListings(user.id),
    getBalance(user.id),
    listRooms(requireAdmin(c), {}).then((all) => all.filter((r) => r.userId === user.id)),
  ]);
  return page(
    c,
    { title: user.name, active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/users" />
        <h1 class="text-2xl font-semibold">
          {user.name}{" "}
          <span class="text-base font-normal text-slate-500">
            {user.email} · {user.role}
            {user.suspended ? " · suspended" : ""}
          </span>
        </h1>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">Pages ({pages.items.length})</h2>
          {pages.items.map((p) => {
            const v = toView(p);
            return (
              <p key={p.id} class="text-sm">
                {p.name} · {p.status}{" "}
                {v.url && <a class="text-brand-600 underline" href={v.url}>{v.url}</a>}
              </p>
            );
          })}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">Orders ({orders.length})</h2>
          {orders.map((o) => (
            <p key={o.id} class="text-sm">
              {o.createdAt.slice(0, 10)} · {o.title} · {money(o.price)} · {o.status}
            </p>
          ))}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">Listings ({listings.length})</h2>
          {listings.map((l) => (
            <p key={l.id} class="text-sm">
              <a class="hover:underline" href={`/marketplace/${l.id}`}>{l.title}</a> ·{" "}
              {money(l.price)} · {l.status} · {l.soldCount} sold
            </p>
          ))}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">Sales ({sales.length})</h2>
          <p class="mb-2 text-sm text-slate-600">
            Balance: {money(balance.held)} held · {money(balance.available)} available ·{" "}
            {money(balance.paidOut)} paid out
          </p>
          {sales.map((o) => (
            <p key={o.id} class="text-sm">
              {o.createdAt.slice(0, 10)} · {o.title} · {money(o.price)} · {o.status}
            </p>
          ))}
        </section>
        <section class="card p-4">
          <h2 class="mb-2 font-semibold">Support conversations ({rooms.length})</h2>
          {rooms.map((r) => (
            <p key={r.id} class="text-sm">
              <a class="hover:underline" href={`/admin/support?room=${r.id}`}>{r.subject}</a> ·{" "}
              {r.status}
            </p>
          ))}
        </section>
      </div>
    ),
  );
});

app.get("/admin/marketplace", async (c) => {
  const status = c.req.query("status") ?? "pending";
  const listings = await listListingsByStatus(status || undefined);
  return page(
    c,
    { title: "Moderation", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/marketplace" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
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
      </div>
    ),
  );
});

app.post("/admin/marketplace/:id/approve", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(
    c,
    "/admin/marketplace",
    () => reviewListing(admin, c.req.param("id"), { approve: true }),
  );
});

app.post("/admin/marketplace/:id/reject", async (c) => {
  const admin = requireAdmin(c);
  const reason = ((await formBody(c)).reason ?? "").trim().slice(0, 1000);
  return await formAction(c, "/admin/marketplace", async () => {
    if (reason.length < 3) throw new AppError(422, "validation_failed", "Give the seller a reason");
    await reviewListing(admin, c.req.param("id"), { approve: false, reason });
  });
});

app.get("/admin/orders", async (c) => {
  const status = c.req.query("status") ?? "";
  const orders = await listAllOrders({ status: status || undefined });
  const names = await userNames(orders.flatMap((o) => [o.buyerId, o.sellerId]));
  const person = (id: string) => (
    <a class="hover:underline" href={`/admin/users/${id}`}>{names.get(id)}</a>
  );
  return page(
    c,
    { title: "Orders", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <div class="flex gap-2 text-sm">
          {["", "delivered", "refunded"].map((s) => (
            <a
              key={s}
              href={`/admin/orders?status=${s}`}
              class={`btn ${s === status ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s || "all"}
            </a>
          ))}
        </div>
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">Date</th>
                <th class="px-3 py-2">Template</th>
                <th class="px-3 py-2">Buyer</th>
                <th class="px-3 py-2">Seller</th>
                <th class="px-3 py-2">Price</th>
                <th class="px-3 py-2">Fee</th>
                <th class="px-3 py-2">Status</th>
                <th class="px-3 py-2"></th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} class="border-t border-slate-100">
                  <td class="px-3 py-2">{o.createdAt.slice(0, 16).replace("T", " ")}</td>
                  <td class="px-3 py-2">{o.title}</td>
                  <td class="px-3 py-2">{person(o.buyerId)}</td>
                  <td class="px-3 py-2">{person(o.sellerId)}</td>
                  <td class="px-3 py-2">{formatMoney(o.price, o.currency)}</td>
                  <td class="px-3 py-2">{formatMoney(o.platformFee, o.currency)}</td>
                  <td class="px-3 py-2">
                    {o.status}
                    {o.status === "delivered" ? (o.released ? " · released" : " · held") : ""}
                  </td>
                  <td class="px-3 py-2">
                    {adminRefundable(o) && (
                      <a
                        class="btn btn-danger !py-1"
                        href={`/admin/orders/${o.id}/refund`}
                        data-testid="refund"
                      >
                        Refund…
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    ),
  );
});

// Refunding cannot be undone, so the button leads here first (no JavaScript confirm needed).
app.get("/admin/orders/:id/refund", async (c) => {
  const order = await getOrder(c.req.param("id"));
  const names = await userNames([order.buyerId, order.sellerId]);
  return page(
    c,
    { title: "Refund order", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/orders" />
        <div class="card max-w-xl space-y-4 p-6">
          <h1 class="text-xl font-semibold">Refund “{order.title}”?</h1>
          <dl class="grid grid-cols-2 gap-2 text-sm">
            <dt class="text-slate-500">Buyer</dt>
            <dd>{names.get(order.buyerId)}</dd>
            <dt class="text-slate-500">Seller</dt>
            <dd>{names.get(order.sellerId)}</dd>
            <dt class="text-slate-500">Paid on</dt>
            <dd>{order.createdAt.slice(0, 10)}</dd>
            <dt class="text-slate-500">Back to the buyer</dt>
            <dd>{formatMoney(order.price, order.currency)}</dd>
            <dt class="text-slate-500">Taken from the seller's held funds</dt>
            <dd>{formatMoney(order.sellerAmount, order.currency)}</dd>
          </dl>
          {adminRefundable(order)
            ? (
              <form method="post" action={`/admin/orders/${order.id}/refund`} class="flex gap-2">
                <button class="btn btn-danger" type="submit" data-testid="confirm-refund">
                  Refund {formatMoney(order.price, order.currency)}
                </button>
                <a class="btn btn-secondary" href="/admin/orders">Cancel</a>
              </form>
            )
            : (
              <Alert kind="info">
                This order is {order.status === "refunded" ? "already refunded" : (
                  "past its refund window: the seller has been paid"
                )}.
              </Alert>
            )}
          <p class="text-sm text-slate-500">This cannot be undone. The buyer keeps their copy.</p>
        </div>
      </div>
    ),
  );
});

app.post("/admin/orders/:id/refund", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/orders", () => refundOrder(c.req.param("id"), { admin }));
});

app.get("/admin/payouts", async (c) => {
  const payouts = await listPayouts();
  const names = await userNames(payouts.map((p) => p.userId));
  return page(
    c,
    { title: "Payouts", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/payouts" />
        {payouts.length === 0 && <p class="text-slate-500">No payout requests.</p>}
        {payouts.map((p) => (
          <div key={p.id} class="card flex items-center justify-between p-3 text-sm">
            <span>
              {p.createdAt.slice(0, 10)} · {names.get(p.userId)} ·{" "}
              {formatMoney(p.amount, p.currency)} · {p.status}
            </span>
            {p.status === "requested" && (
              <form method="post" action={`/admin/payouts/${p.id}/paid`}>
                <button class="btn btn-primary !py-1" type="submit">Mark paid</button>
              </form>
            )}
          </div>
        ))}
      </div>
    ),
  );
});

app.post("/admin/payouts/:id/paid", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/payouts", () => markPayoutPaid(admin, c.req.param("id")));
});

app.get("/admin/audit", async (c) => {
  const { entries, names, targets } = await readableAudit(200);
  return page(
    c,
    { title: "Audit log", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/audit" />
        <div class="card overflow-x-auto">
          <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-slate-600">
              <tr>
                <th class="px-3 py-2">When</th>
                <th class="px-3 py-2">Who</th>
                <th class="px-3 py-2">What</th>
                <th class="px-3 py-2">Target</th>
                <th class="px-3 py-2">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((a) => (
                <tr key={a.id} class="border-t border-slate-100 align-top" data-action={a.action}>
                  <td class="whitespace-nowrap px-3 py-2">{a.at.slice(0, 19).replace("T", " ")}</td>
                  <td class="px-3 py-2">{names.get(a.actorId)}</td>
                  <td class="px-3 py-2">{a.action}</td>
                  <td class="px-3 py-2">
                    <AuditTarget target={targets.get(a.target)!} />
                  </td>
                  <td class="px-3 py-2 text-xs">
                    <AuditChange before={a.before} after={a.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    ),
  );
});

app.get("/admin/outbox", async (c) => {
  const { items } = await listMail({ limit: 100 });
  return page(
    c,
    { title: "Email outbox", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/outbox" />
        {items.map((m) => (
          <details key={m.id} class="card p-3 text-sm">
            <summary class="cursor-pointer">
              {m.createdAt.slice(0, 16).replace("T", " ")} · {m.to} · {m.subject} ·{" "}
              <span class="badge bg-slate-100">{m.status}</span>
            </summary>
            <pre class="mt-2 whitespace-pre-wrap text-slate-700">{m.text}</pre>
          </details>
        ))}
      </div>
    ),
  );
});

export default app;
