// /email/*: the links in emails, opened without a session (the signed token is the proof).
// GET shows a page with one button (mail scanners that prefetch links change nothing); POST does
// it. POST /email/unsubscribe/:token is also the RFC 8058 one-click target of List-Unsubscribe.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import { unsubscribe, unsubscribeInfo } from "../../lib/campaigns/index.ts";
import {
  confirmOptIn,
  confirmRecipient,
  optInStatus,
  recipientStatus,
} from "../../lib/leads/index.ts";
import { page } from "../../components/render.tsx";
import type { Context } from "hono";

const app = new Hono<AppEnv>();

function notice(
  c: Context<AppEnv>,
  title: string,
  text: string,
  button?: { label: string; action: string },
) {
  return page(
    c,
    { title },
    (
      <div class="mx-auto max-w-md space-y-4 py-10">
        <h1 class="text-2xl font-semibold">{title}</h1>
        <p class="text-slate-700" data-testid="email-link-text">{text}</p>
        {button && (
          <form method="post" action={button.action}>
            <button class="btn btn-primary" type="submit">{button.label}</button>
          </form>
        )}
      </div>
    ),
  );
}

app.get("/unsubscribe/:token", async (c) => {
  const info = await unsubscribeInfo(c.req.param("token"));
  if (info.unsubscribed) {
    return notice(c, "Unsubscribed", `${info.email} gets no more emails from this sender.`);
  }
  return notice(c, "Unsubscribe", `Stop campaign emails to ${info.email}?`, {
    label: "Unsubscribe",
    action: c.req.path,
  });
});

app.post("/unsubscribe/:token", async (c) => {
  const done = await unsubscribe(c.req.param("token"));
  // Mail clients' one-click POSTs (List-Unsubscribe=One-Click) read only the status.
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "Unsubscribed", `${done.email} gets no more emails from this sender.`);
});

app.get("/confirm/:token", async (c) => {
  const s = await optInStatus(c.req.param("token"));
  if (s.confirmed) return notice(c, "Subscription confirmed", "You are subscribed. Thank you!");
  return notice(c, "Confirm your subscription", "One click and you are subscribed.", {
    label: "Confirm subscription",
    action: c.req.path,
  });
});

app.post("/confirm/:token", async (c) => {
  const done = await confirmOptIn(c.req.param("token"));
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "Subscription confirmed", "You are subscribed. Thank you!");
});

app.get("/recipient/:token", async (c) => {
  const s = await recipientStatus(c.req.param("token"));
  if (s.verified) return notice(c, "Confirmed", `New leads will be emailed to ${s.email}.`);
  return notice(c, "Receive lead emails?", `Send new leads of this page to ${s.email}?`, {
    label: "Yes, send me the leads",
    action: c.req.path,
  });
});

app.post("/recipient/:token", async (c) => {
  const done = await confirmRecipient(c.req.param("token"));
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "Confirmed", `New leads will be emailed to ${done.email}.`);
});

export default app;
