// /auth/verify: the emailed confirmation link, its outcome, and "send me a new link".
import { Hono } from "hono";
import type { ComponentChildren } from "preact";
import {
  redeemVerificationToken,
  RESEND_GAP_MS,
  resendVerificationEmail,
  toPublicUser,
  type UserRecord,
  verifyEmail,
} from "../../lib/auth/index.ts";
import { type AppEnv, AppError } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";

const app = new Hono<AppEnv>();

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

export default app;
