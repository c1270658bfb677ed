// /admin/support: the support inbox, a room's conversation and its actions (admins only: see
// _middleware.ts).
import { Hono } from "hono";
import { Island } from "../../components/Island.tsx";
import SupportChat from "../../islands/SupportChat.tsx";
import AdminRoomList from "../../islands/AdminRoomList.tsx";
import {
  assignRoom,
  getRoomFor,
  listRooms,
  patchRoom,
  readCsat,
  reopenRoom,
  resolveRoom,
  searchRooms,
  snoozeRoom,
} from "../../lib/chat/index.ts";
import { type AppEnv, formBody } from "../../lib/http/index.ts";
import { newId } from "../../lib/kv/index.ts";
import { page } from "../../components/render.tsx";
import { requireAdmin } from "../../lib/http/session.ts";
import { AdminNav, adminTextOf } from "../../components/AdminNav.tsx";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const admin = requireAdmin(c);
  const status = c.req.query("status") ?? "";
  const since = newId();
  const assignedToMe = c.req.query("assigned") === "me";
  // 50 rooms a page, in inbox order over the inbox index; "Older rooms" carries on by cursor.
  // `?q=`: search across conversations instead of an inbox view.
  const q = (c.req.query("q") ?? "").slice(0, 200).trim();
  const { items: rooms, cursor: next } = q
    ? { items: await searchRooms(q).catch(() => []), cursor: null }
    : await listRooms(admin, {
      status: status || undefined,
      assigned: c.req.query("assigned"),
      snoozed: c.req.query("snoozed"),
    }, { limit: 50, cursor: c.req.query("cursor") || null });
  const olderHref = next
    ? `/admin/support?${new URLSearchParams({
      status,
      assigned: c.req.query("assigned") ?? "",
      cursor: next,
    })}`
    : null;
  const current = c.req.query("room") ? await getRoomFor(admin, c.req.query("room")!) : rooms[0];
  const csat = await readCsat();
  const { t, state, minute } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.support.title"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/support" />
        <div class="flex flex-wrap gap-2 text-sm">
          {["", "waiting_admin", "open", "assigned", "resolved"].map((s) => (
            <a
              key={s}
              href={`/admin/support?status=${s}`}
              class={`btn ${status === s ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s ? state("room", s) : t("admin.support.all")}
            </a>
          ))}
          <a href="/admin/support?assigned=me" class="btn btn-secondary !py-1">
            {t("admin.support.mine")}
          </a>
          <a
            href="/admin/support?assigned=none"
            class={`btn ${
              c.req.query("assigned") === "none" ? "btn-primary" : "btn-secondary"
            } !py-1`}
            data-testid="unassigned"
          >
            {t("admin.support.unassigned")}
          </a>
          <a href="/admin/support?snoozed=1" class="btn btn-secondary !py-1">
            {t("admin.support.snoozed")}
          </a>
          <form action="/admin/support" method="get" class="flex gap-1" role="search">
            <input
              class="input !py-1"
              name="q"
              value={q}
              placeholder={t("admin.support.search")}
              aria-label={t("admin.support.search")}
              maxLength={200}
            />
          </form>
          <span class="ml-auto self-center text-slate-600" data-testid="csat-summary">
            {t("admin.support.csat", { average: csat.average ?? "–", count: csat.count })}
            {csat.byAgent.map((a) => (
              <span key={a.adminId} class="ml-2 badge bg-slate-100">
                {a.name}: {a.average ?? "–"} ({a.count})
              </span>
            ))}
          </span>
          {olderHref && (
            <a href={olderHref} class="btn btn-secondary !py-1" data-testid="older-rooms">
              {t("admin.support.older")}
            </a>
          )}
        </div>
        <div class="grid gap-6 md:grid-cols-3">
          <Island
            c={AdminRoomList}
            props={{
              rooms,
              selected: current?.id ?? null,
              viewer: "admin" as const,
              status,
              assignedTo: assignedToMe ? admin.id : null,
              since,
            }}
          />
          {/* With no rooms the room list says so, once; this pane stays empty. */}
          <section class="space-y-3 md:col-span-2">
            {current
              ? (
                <>
                  <div class="card flex flex-wrap items-center gap-2 p-3 text-sm">
                    <strong>{current.userName}</strong>
                    {/* the status is shown live in the conversation's header below */}
                    <span class="badge bg-slate-100">{state("priority", current.priority)}</span>
                    {current.guest && (
                      <span class="badge bg-sky-100">{t("admin.support.guest")}</span>
                    )}
                    {current.rating && (
                      <span class="badge bg-amber-100" data-testid="room-rating">
                        {t("admin.support.rated", { score: current.rating.score })}
                        {current.rating.comment ? `: ${current.rating.comment}` : ""}
                      </span>
                    )}
                    {current.snoozedUntil && (
                      <span class="badge bg-violet-100">
                        {t("admin.support.snoozedUntil", {
                          when: minute(current.snoozedUntil, true),
                        })}
                      </span>
                    )}
                    <span class="ml-auto flex flex-wrap gap-2">
                      <form
                        method="post"
                        action={`/admin/support/${current.id}/snooze`}
                        class="flex gap-1"
                      >
                        <select
                          class="input !py-1 max-w-28"
                          name="hours"
                          aria-label={t("admin.support.snoozeFor")}
                        >
                          <option value="1">{t("admin.support.hour1")}</option>
                          <option value="4">{t("admin.support.hours4")}</option>
                          <option value="24">{t("admin.support.day1")}</option>
                          <option value="0">{t("admin.support.wake")}</option>
                        </select>
                        <button type="submit" class="btn btn-secondary !py-1">
                          {t("admin.support.snooze")}
                        </button>
                      </form>
                      <form method="post" action={`/admin/support/${current.id}/assign`}>
                        <button type="submit" class="btn btn-secondary !py-1" data-testid="assign">
                          {t("admin.support.assign")}
                        </button>
                      </form>
                      {current.status === "resolved"
                        ? (
                          <form method="post" action={`/admin/support/${current.id}/reopen`}>
                            <button type="submit" class="btn btn-secondary !py-1">
                              {t("admin.support.reopen")}
                            </button>
                          </form>
                        )
                        : (
                          <form method="post" action={`/admin/support/${current.id}/resolve`}>
                            <button type="submit" class="btn btn-secondary !py-1">
                              {t("admin.support.resolve")}
                            </button>
                          </form>
                        )}
                    </span>
                    <form
                      method="post"
                      action={`/admin/support/${current.id}/tags`}
                      class="flex w-full gap-2"
                    >
                      <input
                        class="input !py-1"
                        name="tags"
                        value={current.tags.join(", ")}
                        placeholder={t("admin.common.tagsPlaceholder")}
                        aria-label={t("admin.common.tags")}
                      />
                      <select
                        class="input !py-1 max-w-32"
                        name="priority"
                        aria-label={t("admin.support.priority")}
                      >
                        {["low", "normal", "high"].map((p) => (
                          <option key={p} value={p} selected={p === current.priority}>
                            {state("priority", p)}
                          </option>
                        ))}
                      </select>
                      <button class="btn btn-secondary !py-1" type="submit">
                        {t("admin.common.save")}
                      </button>
                    </form>
                  </div>
                  <div class="card overflow-hidden">
                    <Island
                      c={SupportChat}
                      props={{
                        room: {
                          id: current.id,
                          subject: current.subject,
                          status: current.status,
                          userName: current.userName,
                          rated: !!current.rating,
                        },
                        asAdmin: true,
                        since,
                      }}
                    />
                  </div>
                </>
              )
              : null}
          </section>
        </div>
      </div>
    ),
  );
});

const back = (id: string) => `/admin/support?room=${id}`;

app.post("/:id/assign", async (c) => {
  const admin = requireAdmin(c);
  await assignRoom(admin, c.req.param("id"), admin.id, admin.name);
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/:id/resolve", async (c) => {
  await resolveRoom(requireAdmin(c), c.req.param("id"));
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/:id/reopen", async (c) => {
  await reopenRoom(requireAdmin(c), c.req.param("id"));
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/:id/snooze", async (c) => {
  const hours = Number((await formBody(c)).hours);
  const until = hours > 0 && hours <= 24 * 30
    ? new Date(Date.now() + hours * 3_600_000).toISOString()
    : null;
  await snoozeRoom(requireAdmin(c), c.req.param("id"), until);
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/:id/tags", async (c) => {
  const form = await formBody(c);
  const tags = (form.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean).slice(0, 10).map((
    t,
  ) => t.slice(0, 30));
  const priority = (["low", "normal", "high"] as const).find((p) => p === form.priority);
  await patchRoom(requireAdmin(c), c.req.param("id"), { tags, priority });
  return c.redirect(back(c.req.param("id")), 303);
});

export default app;
