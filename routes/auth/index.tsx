// /auth/*: sign-in pages that work without JavaScript (plain form posts), and GitHub sign-in.
// Over 400 lines: the five forms share their card, fields and redirect handling; it splits into
// one file per form once the sign-in hardening (issue 13) has landed on it.
import { Hono } from "hono";
import type { ComponentChildren } from "preact";
import { getCookie, setCookie } from "hono/cookie";
import { generateState, GitHub } from "arctic";
import { config } from "../../lib/config.ts";
import {
  endSession,
  login,
  redeemVerificationToken,
  register,
  registerSchema,
  requestPasswordReset,
  RESEND_GAP_MS,
  resendVerificationEmail,
  resetPassword,
  safeNext as safeNextPath,
  signInWithGithub,
  startSession,
  toPublicUser,
  type UserRecord,
  verifyEmail,
} from "../../lib/auth/index.ts";
import { type AppEnv, AppError, clientIp, formBody } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import {
  clearSessionCookies,
  readRefreshCookie,
  setSessionCookies,
} from "../../lib/http/session.ts";
import { Alert, AuthCard, Field } from "../../components/Form.tsx";

const app = new Hono<AppEnv>();

/** Where to go after signing in: a path on this app only (see lib/auth/redirect.ts). */
const safeNext = (next: string | undefined) => safeNextPath(next, config().appOrigin);

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
    // The hashing cap's 503 reads as "come back later" too (the page's statuses stop at 429).
    const status = err instanceof AppError && [429, 503].includes(err.status) ? 429 : 401;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    }
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
    setSessionCookies(
      c,
      await startSession(await register(parsed.data, clientIp(c, config().trustProxy))),
    );
    return c.redirect("/dashboard?welcome=1", 303);
  } catch (err) {
    const { message, fields } = errorText(err);
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
    await requestPasswordReset(form.email ?? "", clientIp(c, config().trustProxy));
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

// ---------- email verification: the emailed link, its outcome, and "send me a new link"

function VerifyCard(
  props: {
    tone: "success" | "warning" | "info";
    title: string;
    children: ComponentChildren;
  },
) {
  const icon = {
    success: ["bg-emerald-100 text-emerald-700", "M5 13l4 4L19 7"],
    warning: [
      "bg-amber-100 text-amber-700",
      "M12 8v5m0 3.5v.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z",
    ],
    info: ["bg-brand-100 text-brand-700", "M4 6h16v12H4zM4 7l8 6 8-6"],
  }[props.tone];
  return (
    <div class="mx-auto max-w-md py-6 sm:py-12">
      <div class="card space-y-4 p-6 text-center sm:p-8" data-testid="verify-result">
        <span
          class={`mx-auto flex h-12 w-12 items-center justify-center rounded-full ${icon[0]}`}
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            class="h-6 w-6 fill-none stroke-current"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
          >
            <path d={icon[1]} />
          </svg>
        </span>
        <h1 class="text-xl font-semibold">{props.title}</h1>
        {props.children}
      </div>
    </div>
  );
}

function ResendForm({ label = "Send a new link" }: { label?: string }) {
  return (
    <form method="post" action="/auth/verify/resend">
      <button class="btn btn-primary w-full" type="submit" data-testid="resend">
        {label}
      </button>
    </form>
  );
}

/** What to offer after a link that did not verify: a new link, a sign-in, or nothing to do. */
function NextStep({ user }: { user: UserRecord | null }) {
  if (!user) {
    return (
      <div class="space-y-2">
        <a class="btn btn-primary w-full" href="/auth/login?next=%2Fauth%2Fverify">
          Sign in to get a new link
        </a>
        <p class="text-xs text-slate-500">Already confirmed? Just sign in, you are all set.</p>
      </div>
    );
  }
  if (user.emailVerified) {
    return <a class="btn btn-primary w-full" href="/dashboard">Go to your dashboard</a>;
  }
  return (
    <div class="space-y-2">
      <ResendForm />
      <p class="text-xs text-slate-500">We will send it to {user.email}.</p>
    </div>
  );
}

/** "45 seconds", "3 minutes", "20 hours": how long until another link can be sent. */
function waitText(seconds: number) {
  const [n, unit] = seconds < 90
    ? [seconds, "second"]
    : seconds < 90 * 60
    ? [Math.ceil(seconds / 60), "minute"]
    : [Math.ceil(seconds / 3600), "hour"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

const VERIFY = { title: "Confirm your email", active: "/auth/verify" };

app.get("/verify", async (c) => {
  const token = c.req.query("token");
  const signedIn = c.get("user");
  // The emailed link, opened by something other than a browser: the JSON of GET /api/auth/verify.
  if (token !== undefined && !c.req.header("accept")?.includes("text/html")) {
    return c.json({ user: await toPublicUser(await verifyEmail(token)) });
  }
  if (token === undefined) {
    if (!signedIn) return c.redirect("/auth/login?next=%2Fauth%2Fverify", 303);
    if (signedIn.emailVerified) {
      return page(
        c,
        VERIFY,
        <VerifyCard tone="success" title="Your email is confirmed">
          <p class="text-slate-600">{signedIn.email} is confirmed. Nothing else to do.</p>
          <a class="btn btn-primary w-full" href="/dashboard">Go to your dashboard</a>
        </VerifyCard>,
      );
    }
    const sent = c.req.query("sent") !== undefined;
    return page(
      c,
      VERIFY,
      <VerifyCard tone="info" title={sent ? "Check your inbox" : "Confirm your email"}>
        {sent && (
          <Alert kind="success">
            We sent a new link to <strong class="break-words">{signedIn.email}</strong>.
          </Alert>
        )}
        <p class="text-slate-600">
          Open the link we emailed to <strong class="break-words">{signedIn.email}</strong>{" "}
          to confirm it's you. It works for 48 hours; check your spam folder if it is not there.
        </p>
        <ResendForm label={sent ? "Send another link" : "Resend the link"} />
        <a class="block text-sm text-brand-600 hover:underline" href="/dashboard">
          Back to your dashboard
        </a>
      </VerifyCard>,
    );
  }
  const outcome = await redeemVerificationToken(token);
  if (outcome.status === "verified") {
    // The header and banner below are drawn for the account as it is now.
    if (signedIn?.id === outcome.user.id) c.set("user", outcome.user);
    return page(
      c,
      { ...VERIFY, title: "Email confirmed" },
      <VerifyCard tone="success" title="Email confirmed">
        <p class="text-slate-600">
          Thanks! <strong class="break-words">{outcome.user.email}</strong>{" "}
          is confirmed. Leads, sales and support replies will reach you there.
        </p>
        {signedIn
          ? <a class="btn btn-primary w-full" href="/dashboard">Go to your dashboard</a>
          : <a class="btn btn-primary w-full" href="/auth/login">Sign in</a>}
      </VerifyCard>,
    );
  }
  const owner = outcome.status === "used" ? outcome.user : null;
  if (owner?.emailVerified) {
    return page(
      c,
      { ...VERIFY, title: "Email confirmed" },
      <VerifyCard tone="success" title="Your email is already confirmed">
        <p class="text-slate-600">
          This link was used before, and <strong class="break-words">{owner.email}</strong>{" "}
          is confirmed. Nothing else to do.
        </p>
        {signedIn
          ? <a class="btn btn-primary w-full" href="/dashboard">Go to your dashboard</a>
          : <a class="btn btn-primary w-full" href="/auth/login">Sign in</a>}
      </VerifyCard>,
    );
  }
  return page(
    c,
    { ...VERIFY, status: 422 },
    <VerifyCard tone="warning" title="This link has expired or was already used">
      <p class="text-slate-600">
        Confirmation links work once, for 48 hours. Ask for a new one and open the latest email.
      </p>
      <NextStep user={signedIn} />
    </VerifyCard>,
  );
});

app.post("/verify/resend", async (c) => {
  const user = c.get("user");
  if (!user) return c.redirect("/auth/login?next=%2Fauth%2Fverify", 303);
  try {
    await resendVerificationEmail(user);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 429) throw err;
    const wait = Number(err.headers?.["Retry-After"] ?? 60);
    c.header("retry-after", String(wait));
    return page(
      c,
      { ...VERIFY, status: 429 },
      <VerifyCard
        tone="info"
        title={wait <= RESEND_GAP_MS / 1000
          ? "We just sent you a link"
          : "Plenty of links sent today"}
      >
        <p class="text-slate-600">
          {wait <= RESEND_GAP_MS / 1000
            ? "A confirmation link went to "
            : "We sent several confirmation links today to "}
          <strong class="break-words">{user.email}</strong>. Give it a minute and check your spam
          folder; every link still works for 48 hours. You can ask for another in {waitText(wait)}.
        </p>
        <a class="btn btn-secondary w-full" href="/dashboard">Back to your dashboard</a>
      </VerifyCard>,
    );
  }
  // Already confirmed or sent: either way the page says where things stand.
  return c.redirect("/auth/verify?sent=1", 303);
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
