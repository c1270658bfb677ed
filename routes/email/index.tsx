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
import { type MessageKey, type Params, t } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

/**
 * A page with a title, a sentence and maybe one button, all message keys of the request's
 * language; `params` fill the sentence (the address it is about).
 */
function notice(
  c: Context<AppEnv>,
  titleKey: MessageKey,
  textKey: MessageKey,
  params?: Params,
  button?: { label: MessageKey; action: string },
) {
  const locale = c.get("locale");
  const title = t(locale, titleKey);
  const text = t(locale, textKey, params);
  return page(
    c,
    { title },
    (
      <div class="mx-auto max-w-md space-y-4 py-10">
        <h1 class="text-2xl font-semibold">{title}</h1>
        <p class="text-slate-700" data-testid="email-link-text">{text}</p>
        {button && (
          <form method="post" action={button.action}>
            <button class="btn btn-primary" type="submit">{t(locale, button.label)}</button>
          </form>
        )}
      </div>
    ),
  );
}

app.get("/unsubscribe/:token", async (c) => {
  const info = await unsubscribeInfo(c.req.param("token"));
  if (info.unsubscribed) {
    return notice(c, "market.email.unsubscribed", "market.email.noMore", { email: info.email });
  }
  return notice(c, "market.email.unsubscribe", "market.email.stop", { email: info.email }, {
    label: "market.email.unsubscribe",
    action: c.req.path,
  });
});

app.post("/unsubscribe/:token", async (c) => {
  const done = await unsubscribe(c.req.param("token"));
  // Mail clients' one-click POSTs (List-Unsubscribe=One-Click) read only the status.
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "market.email.unsubscribed", "market.email.noMore", { email: done.email });
});

app.get("/confirm/:token", async (c) => {
  const s = await optInStatus(c.req.param("token"));
  if (s.confirmed) return notice(c, "market.email.subscribed", "market.email.thanks");
  return notice(c, "market.email.confirmTitle", "market.email.oneClick", undefined, {
    label: "market.email.confirm",
    action: c.req.path,
  });
});

app.post("/confirm/:token", async (c) => {
  const done = await confirmOptIn(c.req.param("token"));
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "market.email.subscribed", "market.email.thanks");
});

app.get("/recipient/:token", async (c) => {
  const s = await recipientStatus(c.req.param("token"));
  if (s.verified) {
    return notice(c, "market.email.confirmed", "market.email.leadsTo", { email: s.email });
  }
  return notice(c, "market.email.receive", "market.email.sendTo", { email: s.email }, {
    label: "market.email.yes",
    action: c.req.path,
  });
});

app.post("/recipient/:token", async (c) => {
  const done = await confirmRecipient(c.req.param("token"));
  if (!c.req.header("accept")?.includes("text/html")) return c.json(done);
  return notice(c, "market.email.confirmed", "market.email.leadsTo", { email: done.email });
});

export default app;
