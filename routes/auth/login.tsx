// /auth/login and /auth/logout: sign-in by form post (no JavaScript needed).
import { Hono } from "hono";
import { config } from "../../lib/config.ts";
import { endSession, login, startSession } from "../../lib/auth/index.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import {
  clearSessionCookies,
  readRefreshCookie,
  setSessionCookies,
} from "../../lib/http/session.ts";
import { Alert, AuthCard, Field } from "../../components/Form.tsx";
import { errorText, safeNext } from "./_shared.ts";
import { useT } from "../../lib/i18n/context.ts";
import { t } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

export function LoginForm(
  props: { email?: string; error?: string; next?: string; notice?: string },
) {
  const tr = useT();
  return (
    <AuthCard title={tr("auth.signIn")}>
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form
        method="post"
        action={`/auth/login${props.next ? `?next=${encodeURIComponent(props.next)}` : ""}`}
        class="space-y-4"
      >
        <Field
          name="email"
          label={tr("auth.email")}
          type="email"
          value={props.email}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          label={tr("auth.password")}
          type="password"
          required
          autocomplete="current-password"
        />
        <button class="btn btn-primary w-full" type="submit">{tr("auth.signIn")}</button>
      </form>
      {config().githubClientId && (
        <a class="btn btn-secondary w-full" href="/auth/github">
          {tr("auth.github")}
        </a>
      )}
      <div class="flex justify-between text-sm">
        <a class="text-brand-600 hover:underline" href="/auth/register">
          {tr("auth.createAccount")}
        </a>
        <a class="text-brand-600 hover:underline" href="/auth/reset">
          {tr("auth.forgot")}
        </a>
      </div>
    </AuthCard>
  );
}

app.get("/login", (c) =>
  page(
    c,
    {
      title: t(c.get("locale"), "auth.signIn"),
      bare: true,
      seo: {
        path: "/auth/login",
        description: t(c.get("locale"), "market.auth.loginSeo"),
      },
    },
    (
      <LoginForm
        next={c.req.query("next")}
        notice={c.req.query("reset") ? t(c.get("locale"), "auth.passwordChanged") : undefined}
      />
    ),
  ));

app.post("/login", async (c) => {
  const form = await formBody(c);
  try {
    const user = await login(
      form.email ?? "",
      form.password ?? "",
      clientIp(c, config().trustProxy),
    );
    setSessionCookies(c, await startSession(user));
    return c.redirect(safeNext(c.req.query("next")), 303);
  } catch (err) {
    const { message } = errorText(err, c.get("locale"));
    // The hashing cap's 503 reads as "come back later" too (the page's statuses stop at 429).
    const status = err instanceof AppError && [429, 503].includes(err.status) ? 429 : 401;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    }
    return page(
      c,
      { title: t(c.get("locale"), "auth.signIn"), bare: true, status },
      (
        <LoginForm
          email={form.email}
          error={message}
          next={c.req.query("next")}
        />
      ),
    );
  }
});

app.post("/logout", async (c) => {
  await endSession(readRefreshCookie(c));
  clearSessionCookies(c);
  return c.redirect("/", 303);
});

export default app;
