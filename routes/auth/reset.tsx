// /auth/reset: ask for a reset link, then choose a new password from it.
import { Hono } from "hono";
import { config } from "../../lib/config.ts";
import { registerSchema, requestPasswordReset, resetPassword } from "../../lib/auth/index.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { Alert, AuthCard, Field } from "../../components/Form.tsx";
import { errorText } from "./_shared.ts";

const app = new Hono<AppEnv>();

function ResetRequestForm(props: { sent?: boolean }) {
  return (
    <AuthCard title="Reset your password">
      {props.sent
        ? (
          <Alert kind="success">
            If an account exists for that email, a reset link is on its way.
          </Alert>
        )
        : (
          <form method="post" action="/auth/reset" class="space-y-4">
            <Field
              name="email"
              label="Email"
              type="email"
              required
              autocomplete="email"
            />
            <button class="btn btn-primary w-full" type="submit">
              Send reset link
            </button>
          </form>
        )}
      <a class="text-sm text-brand-600 hover:underline" href="/auth/login">
        Back to sign in
      </a>
    </AuthCard>
  );
}

function NewPasswordForm(props: { token: string; error?: string }) {
  return (
    <AuthCard title="Choose a new password">
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form method="post" action="/auth/reset" class="space-y-4">
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="New password (8+ characters)"
          type="password"
          required
          minLength={8}
          autocomplete="new-password"
        />
        <button class="btn btn-primary w-full" type="submit">
          Set password
        </button>
      </form>
    </AuthCard>
  );
}

app.get("/reset", (c) => {
  const token = c.req.query("token");
  return page(
    c,
    { title: "Reset password", bare: true },
    token ? <NewPasswordForm token={token} /> : <ResetRequestForm />,
  );
});

app.post("/reset", async (c) => {
  const form = await formBody(c);
  if (!form.token) {
    await requestPasswordReset(form.email ?? "", clientIp(c, config().trustProxy), c.get("locale"));
    return page(
      c,
      { title: "Reset password", bare: true },
      <ResetRequestForm sent />,
    );
  }
  try {
    const password = registerSchema.shape.password.safeParse(form.password);
    if (!password.success) {
      throw new AppError(422, "validation_failed", "Use at least 8 characters");
    }
    await resetPassword(form.token, password.data);
    return c.redirect("/auth/login?reset=1", 303);
  } catch (err) {
    return page(
      c,
      { title: "Reset password", bare: true, status: 422 },
      (
        <NewPasswordForm token={form.token} error={errorText(err).message} />
      ),
    );
  }
});

export default app;
