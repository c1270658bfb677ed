// /dev/mailbox: the emails the app would have sent, when no SMTP server is configured.
import { Hono } from "hono";
import { type AppEnv, notFound } from "../../lib/http/index.ts";
import { getMail, listMail, rawMessage } from "../../lib/mail/index.ts";
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
            {m.html && (
              <details class="mt-2" data-testid="mail-html">
                <summary class="cursor-pointer text-sm text-slate-500">HTML part</summary>
                <iframe
                  title={`HTML of ${m.subject}`}
                  class="mt-2 h-96 w-full rounded border border-slate-200"
                  src={`/dev/mailbox/${m.id}/html`}
                  loading="lazy"
                />
              </details>
            )}
            <a class="text-sm text-brand-600" href={`/dev/mailbox/${m.id}/raw`}>Raw message</a>
          </article>
        ))}
      </div>
    ),
  );
});

// The HTML part alone, for the frame above: no script, inline styles only.
app.get("/:id/html", async (c) => {
  const mail = await getMail(c.req.param("id"));
  if (!mail?.html) throw notFound("Mail");
  return new Response(mail.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'self'",
      "x-frame-options": "SAMEORIGIN",
    },
  });
});

// The message as SMTP would carry it (multipart/alternative: text and HTML parts).
app.get("/:id/raw", async (c) => {
  const mail = await getMail(c.req.param("id"));
  if (!mail) throw notFound("Mail");
  return c.text(await rawMessage(mail));
});

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part)
      ? <a key={i} class="text-brand-600 underline" href={part}>{part}</a>
      : part
  );
}

export default app;
