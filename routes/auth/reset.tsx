// /auth/reset: ask for a reset link, then choose a new password from it.
import { Hono } from "hono";
import { config } from "../../lib/config.ts";
import { registerSchema, requestPasswordReset, resetPassword } from "../../lib/auth/index.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { Alert, AuthCard, Field } from "../../components/Form.tsx";
import { errorText } from "./_shared.ts";
import { useT } from "../../lib/i18n/context.ts";
import { t } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

function ResetRequestForm(props: { sent?: boolean }) {
  const tr = useT();
  return (
    <AuthCard title={tr("market.reset.heading")}>
      {props.sent
        ? <Alert kind="success">{tr("market.reset.sent")}</Alert>
        : (
          <form method="post" action="/auth/reset" class="space-y-4">
            <Field
              name="email"
              label={tr("auth.email")}
              type="email"
              required
              autocomplete="email"
            />
            <button class="btn btn-primary w-full" type="submit">
              {tr("market.reset.send")}
            </button>
          </form>
        )}
      <a class="text-sm text-brand-600 hover:underline" href="/auth/login">
        {tr("market.reset.back")}
      </a>
    </AuthCard>
  );
}

function NewPasswordForm(props: { token: string; error?: string }) {
  const tr = useT();
  return (
    <AuthCard title={tr("market.reset.choose")}>
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form method="post" action="/auth/reset" class="space-y-4">
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label={tr("market.reset.newPassword")}
          type="password"
          required
          minLength={8}
          autocomplete="new-password"
        />
        <button class="btn btn-primary w-full" type="submit">
          {tr("market.reset.set")}
        </button>
      </form>
    </AuthCard>
  );
}

app.get("/reset", (c) => {
  const token = c.req.query("token");
  return page(
    c,
    { title: t(c.get("locale"), "market.reset.title"), bare: true },
    token ? <NewPasswordForm token={token} /> : <ResetRequestForm />,
  );
});

app.post("/reset", async (c) => {
  const form = await formBody(c);
  if (!form.token) {
    await requestPasswordReset(form.email ?? "", clientIp(c, config().trustProxy), c.get("locale"));
    return page(
      c,
      { title: t(c.get("locale"), "market.reset.title"), bare: true },
      <ResetRequestForm sent />,
    );
  }
  try {
    const password = registerSchema.shape.password.safeParse(form.password);
    if (!password.success) {
      throw AppError.inLanguage(
        422,
        "validation_failed",
        t(c.get("locale"), "market.reset.tooShort"),
      );
    }
    await resetPassword(form.token, password.data);
    return c.redirect("/auth/login?reset=1", 303);
  } catch (err) {
    return page(
      c,
      { title: t(c.get("locale"), "market.reset.title"), bare: true, status: 422 },
      (
        <NewPasswordForm token={form.token} error={errorText(err, c.get("locale")).message} />
      ),
    );
  }
});

export default app;
