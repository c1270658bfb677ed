// /auth/*: sign-in pages that work without JavaScript (plain form posts), and GitHub sign-in.
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { generateState, GitHub } from "arctic";
import { config } from "../fresh.config.ts";
import {
  endSession,
  login,
  register,
  registerSchema,
  requestPasswordReset,
  resetPassword,
  signInWithGithub,
  startSession,
} from "../lib/auth.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../lib/http.ts";
import { page } from "../lib/render.tsx";
import { clearSessionCookies, readRefreshCookie, setSessionCookies } from "../lib/session.ts";
import { Alert, AuthCard, Field } from "../components/Form.tsx";

const app = new Hono<AppEnv>();

/** Only same-site relative paths are followed after sign-in. */
/**
 * Where to go after signing in: a path on this app only. Resolved the way a browser would, so
 * `//host`, `/\host` and control characters cannot lead elsewhere (or into a header).
 */
function safeNext(next: string | undefined) {
  if (!next?.startsWith("/") || /[\u0000-\u001f\\]/.test(next)) return "/dashboard";
  const base = new URL(config().appOrigin);
  const url = new URL(next, base);
  return url.origin === base.origin ? url.pathname + url.search + url.hash : "/dashboard";
}

function errorText(
  err: unknown,
): { message: string; fields: Record<string, string> } {
  if (err instanceof AppError) {
    return { message: err.message, fields: err.fields ?? {} };
  }
  throw err;
}

function LoginForm(
  props: { email?: string; error?: string; next?: string; notice?: string },
) {
  return (
    <AuthCard title="Sign in">
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form
        method="post"
        action={`/auth/login${props.next ? `?next=${encodeURIComponent(props.next)}` : ""}`}
        class="space-y-4"
      >
        <Field
          name="email"
          label="Email"
          type="email"
          value={props.email}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          label="Password"
          type="password"
          required
          autocomplete="current-password"
        />
        <button class="btn btn-primary w-full" type="submit">Sign in</button>
      </form>
      {config().githubClientId && (
        <a class="btn btn-secondary w-full" href="/auth/github">
          Continue with GitHub
        </a>
      )}
      <div class="flex justify-between text-sm">
        <a class="text-brand-600 hover:underline" href="/auth/register">
          Create an account
        </a>
        <a class="text-brand-600 hover:underline" href="/auth/reset">
          Forgot password?
        </a>
      </div>
    </AuthCard>
  );
}

app.get("/login", (c) =>
  page(
    c,
    { title: "Sign in", bare: true },
    (
      <LoginForm
        next={c.req.query("next")}
        notice={c.req.query("reset")
          ? "Your password was changed. Sign in with the new one."
          : undefined}
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
    const { message } = errorText(err);
    const status = err instanceof AppError && err.status === 429 ? 429 : 401;
    return page(
      c,
      { title: "Sign in", bare: true, status },
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

function RegisterForm(
  props: {
    values?: Record<string, string>;
    fields?: Record<string, string>;
    error?: string;
  },
) {
  const v = props.values ?? {};
  const f = props.fields ?? {};
  return (
    <AuthCard title="Create your account">
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <form method="post" action="/auth/register" class="space-y-4">
        <Field
          name="name"
          label="Name"
          value={v.name}
          error={f.name}
          required
          autocomplete="name"
        />
        <Field
          name="email"
          label="Email"
          type="email"
          value={v.email}
          error={f.email}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          label="Password (8+ characters)"
          type="password"
          error={f.password}
          required
          minLength={8}
          autocomplete="new-password"
        />
        <button class="btn btn-primary w-full" type="submit">
          Create account
        </button>
      </form>
      <p class="text-sm text-slate-600">
        Already have an account?{" "}
        <a class="text-brand-600 hover:underline" href="/auth/login">Sign in</a>
      </p>
    </AuthCard>
  );
}

app.get(
  "/register",
  (c) => page(c, { title: "Create account", bare: true }, <RegisterForm />),
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
      throw new AppError(
        422,
        "validation_failed",
        "Please fix the fields below",
        fields,
      );
    }
    setSessionCookies(c, await startSession(await register(parsed.data)));
    return c.redirect("/dashboard?welcome=1", 303);
  } catch (err) {
    const { message, fields } = errorText(err);
    const status = err instanceof AppError && err.status === 409 ? 409 : 422;
    return page(
      c,
      { title: "Create account", bare: true, status },
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
    await requestPasswordReset(form.email ?? "");
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

app.post("/logout", async (c) => {
  await endSession(readRefreshCookie(c));
  clearSessionCookies(c);
  return c.redirect("/", 303);
});

function github() {
  const cfg = config();
  if (!cfg.githubClientId || !cfg.githubClientSecret) return null;
  return new GitHub(
    cfg.githubClientId,
    cfg.githubClientSecret,
    `${cfg.appOrigin}/auth/github/callback`,
  );
}

app.get("/github", (c) => {
  const gh = github();
  if (!gh) return c.redirect("/auth/login", 303);
  const state = generateState();
  setCookie(c, "lh_oauth_state", state, {
    path: "/auth/github",
    httpOnly: true,
    sameSite: "Lax",
    secure: config().appOrigin.startsWith("https://"),
    maxAge: 600,
  });
  return c.redirect(
    gh.createAuthorizationURL(state, ["read:user", "user:email"]).toString(),
    302,
  );
});

app.get("/github/callback", async (c) => {
  const gh = github();
  const state = c.req.query("state");
  if (!gh || !state || state !== getCookie(c, "lh_oauth_state")) {
    return page(
      c,
      { title: "Sign in", bare: true, status: 400 },
      <LoginForm error="GitHub sign-in failed, try again." />,
    );
  }
  try {
    const tokens = await gh.validateAuthorizationCode(
      c.req.query("code") ?? "",
    );
    const headers = {
      authorization: `Bearer ${tokens.accessToken()}`,
      "user-agent": "LandingHub",
    };
    const profile = await (await fetch("https://api.github.com/user", { headers })).json();
    const emails = await (await fetch("https://api.github.com/user/emails", { headers }))
      .json() as {
        email: string;
        primary: boolean;
        verified: boolean;
      }[];
    const email = emails.find((e) => e.primary && e.verified)?.email;
    if (!email) throw new Error("no verified email");
    const user = await signInWithGithub({
      id: String(profile.id),
      email,
      name: profile.name || profile.login,
    });
    setSessionCookies(c, await startSession(user));
    return c.redirect("/dashboard", 303);
  } catch {
    return page(
      c,
      { title: "Sign in", bare: true, status: 400 },
      <LoginForm error="GitHub sign-in failed, try again." />,
    );
  }
});

export default app;
