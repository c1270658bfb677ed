// /admin/outbox: the emails the app sent or queued (admins only: see _middleware.ts).
import { Hono } from "hono";
import { AdminNav, adminTextOf } from "../../components/AdminNav.tsx";
import { type AppEnv } from "../../lib/http/index.ts";
import { listMail } from "../../lib/mail/index.ts";
import { page } from "../../components/render.tsx";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const { items } = await listMail({ limit: 100 });
  const { t, state, minute } = adminTextOf(c);
  return page(
    c,
    { title: t("admin.nav.outbox"), active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/outbox" />
        {items.length === 0 && <p class="text-slate-500">{t("admin.outbox.empty")}</p>}
        {items.map((m) => (
          <details key={m.id} class="card p-3 text-sm">
            <summary class="cursor-pointer">
              {minute(m.createdAt)} · {m.to} · {m.subject} ·{" "}
              <span class="badge bg-slate-100">{state("mail", m.status)}</span>
            </summary>
            <pre class="mt-2 whitespace-pre-wrap text-slate-700">{m.text}</pre>
          </details>
        ))}
      </div>
    ),
  );
});

export default app;
