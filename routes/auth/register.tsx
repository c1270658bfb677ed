// /auth/register: sign-up by form post.
import { Hono } from "hono";
import { config } from "../../lib/config.ts";
import { register, registerSchema, startSession } from "../../lib/auth/index.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { setSessionCookies } from "../../lib/http/session.ts";
import { Alert, AuthCard, Field } from "../../components/Form.tsx";
import { errorText } from "./_shared.ts";
import { useT } from "../../lib/i18n/context.ts";
import { t } from "../../lib/i18n/index.ts";
import { chosenLocale } from "../../lib/i18n/middleware.ts";

const app = new Hono<AppEnv>();

function RegisterForm(
  props: {
    values?: Record<string, string>;
    fields?: Record<string, string>;
    error?: string;
  },
) {
  const v = props.values ?? {};
  const f = props.fields ?? {};
  const tr = useT();
  return (
    <AuthCard title={tr("auth.signUp")}>
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form method="post" action="/auth/register" class="space-y-4">
        <Field
          name="name"
          label={tr("auth.name")}
          value={v.name}
          error={f.name}
          required
          autocomplete="name"
        />
        <Field
          name="email"
          label={tr("auth.email")}
          type="email"
          value={v.email}
          error={f.email}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          label={tr("auth.passwordNew")}
          type="password"
          error={f.password}
          required
          minLength={8}
          autocomplete="new-password"
        />
        <button class="btn btn-primary w-full" type="submit">
          {tr("auth.createButton")}
        </button>
      </form>
      <p class="text-sm text-slate-600">
        {tr("auth.haveAccount")}{" "}
        <a class="text-brand-600 underline" href="/auth/login">{tr("auth.signIn")}</a>
      </p>
    </AuthCard>
  );
}

app.get(
  "/register",
  (c) =>
    page(c, {
      title: t(c.get("locale"), "auth.createButton"),
      bare: true,
      seo: {
        path: "/auth/register",
        description: t(c.get("locale"), "market.auth.registerSeo"),
      },
    }, <RegisterForm />),
);

app.post("/register", async (c) => {
  const form = await formBody(c);
  const parsed = registerSchema.safeParse(form);
  try {
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        fields[String(i.path[0])] ??= i.message;
      }
      throw AppError.inLanguage(
        422,
        "validation_failed",
        t(c.get("locale"), "market.auth.fixFields"),
        fields,
      );
    }
    setSessionCookies(
      c,
      await startSession(
        await register(parsed.data, clientIp(c, config().trustProxy), chosenLocale(c)),
      ),
    );
    return c.redirect("/dashboard?welcome=1", 303);
  } catch (err) {
    const { message, fields } = errorText(err, c.get("locale"));
    const status = err instanceof AppError && err.status === 409
      ? 409
      : err instanceof AppError && [429, 503].includes(err.status)
      ? 429
      : 422;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    }
    return page(
      c,
      { title: t(c.get("locale"), "auth.createButton"), bare: true, status },
      (
        <RegisterForm
          values={{ name: form.name ?? "", email: form.email ?? "" }}
          fields={fields}
          error={message}
        />
      ),
    );
  }
});

export default app;
