// /dev/mailbox: the emails the app would have sent, when no SMTP server is configured.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { listMail } from "../../lib/mail/index.ts";
import { page } from "../../components/render.tsx";

const app = new Hono<AppEnv>();

// Who may open it: routes/dev/_middleware.ts (DEV_PAGES=1 and a loopback socket peer only).
app.get("/", async (c) => {
  const { items } = await listMail({ limit: 100 });
  return page(
    c,
    { title: "Dev mailbox" },
    (
      <div class="space-y-4">
        <h1 class="text-2xl font-semibold">Dev mailbox</h1>
        <p class="text-sm text-slate-600">
          Emails land here while <code>SMTP_URL</code> is not set. Links in them work.
        </p>
        {items.length === 0 && <p class="text-slate-500">No mail yet.</p>}
        {items.map((m) => (
          <article key={m.id} class="card p-4" data-testid="mail">
            <div class="flex justify-between text-sm text-slate-500">
              <span>To: {m.to}</span>
              <span>{m.createdAt} · {m.status}</span>
            </div>
            <h2 class="mt-1 font-medium">{m.subject}</h2>
            <pre class="mt-2 whitespace-pre-wrap text-sm text-slate-700">{linkify(m.text)}</pre>
          </article>
        ))}
      </div>
    ),
  );
});

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part)
      ? <a key={i} class="text-brand-600 underline" href={part}>{part}</a>
      : part
  );
}

export default app;
