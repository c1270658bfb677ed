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
import { rich } from "../../components/Rich.tsx";
import { useT } from "../../lib/i18n/context.ts";
import { type Translate, translator } from "../../lib/i18n/index.ts";

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

function ResendForm({ label }: { label?: string }) {
  const t = useT();
  return (
    <form method="post" action="/auth/verify/resend">
      <button class="btn btn-primary w-full" type="submit" data-testid="resend">
        {label ?? t("market.verify.sendNew")}
      </button>
    </form>
  );
}

/** What to offer after a link that did not verify: a new link, a sign-in, or nothing to do. */
function NextStep({ user }: { user: UserRecord | null }) {
  const t = useT();
  if (!user) {
    return (
      <div class="space-y-2">
        <a class="btn btn-primary w-full" href="/auth/login?next=%2Fauth%2Fverify">
          {t("market.verify.signInForNew")}
        </a>
        <p class="text-xs text-slate-500">{t("market.verify.alreadySignIn")}</p>
      </div>
    );
  }
  if (user.emailVerified) {
    return <a class="btn btn-primary w-full" href="/dashboard">{t("market.verify.toDashboard")}</a>;
  }
  return (
    <div class="space-y-2">
      <ResendForm />
      <p class="text-xs text-slate-500">
        {t("market.verify.willSend", { email: user.email })}
      </p>
    </div>
  );
}

/** "45 seconds", "3 minutes", "20 hours": how long until another link can be sent. */
function waitText(t: Translate, seconds: number) {
  return seconds < 90
    ? t("market.verify.seconds", { count: seconds })
    : seconds < 90 * 60
    ? t("market.verify.minutes", { count: Math.ceil(seconds / 60) })
    : t("market.verify.hours", { count: Math.ceil(seconds / 3600) });
}

/** A confirmed-email address in bold, for rich(). */
const bold = (email: string) => <strong class="break-words">{email}</strong>;

app.get("/verify", async (c) => {
  const token = c.req.query("token");
  const signedIn = c.get("user");
  const t = translator(c.get("locale"));
  const VERIFY = { title: t("market.verify.title"), active: "/auth/verify" };
  const toDashboard = (
    <a class="btn btn-primary w-full" href="/dashboard">{t("market.verify.toDashboard")}</a>
  );
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
        <VerifyCard tone="success" title={t("market.verify.isConfirmed")}>
          <p class="text-slate-600">
            {t("market.verify.nothingElse", { email: signedIn.email })}
          </p>
          {toDashboard}
        </VerifyCard>,
      );
    }
    const sent = c.req.query("sent") !== undefined;
    return page(
      c,
      VERIFY,
      <VerifyCard
        tone="info"
        title={sent ? t("market.verify.checkInbox") : t("market.verify.title")}
      >
        {sent && (
          <Alert kind="success">
            {rich(t("market.verify.sentNew"), { email: bold(signedIn.email) })}
          </Alert>
        )}
        <p class="text-slate-600">
          {rich(t("market.verify.openLink"), { email: bold(signedIn.email) })}
        </p>
        <ResendForm label={sent ? t("market.verify.another") : t("market.verify.resend")} />
        <a class="block text-sm text-brand-600 hover:underline" href="/dashboard">
          {t("market.verify.backDashboard")}
        </a>
      </VerifyCard>,
    );
  }
  const outcome = await redeemVerificationToken(token);
  const signInButton = (
    <a class="btn btn-primary w-full" href="/auth/login">{t("market.verify.signIn")}</a>
  );
  if (outcome.status === "verified") {
    // The header and banner below are drawn for the account as it is now.
    if (signedIn?.id === outcome.user.id) c.set("user", outcome.user);
    return page(
      c,
      { ...VERIFY, title: t("market.verify.confirmed") },
      <VerifyCard tone="success" title={t("market.verify.confirmed")}>
        <p class="text-slate-600">
          {rich(t("market.verify.thanks"), { email: bold(outcome.user.email) })}
        </p>
        {signedIn ? toDashboard : signInButton}
      </VerifyCard>,
    );
  }
  const owner = outcome.status === "used" ? outcome.user : null;
  if (owner?.emailVerified) {
    return page(
      c,
      { ...VERIFY, title: t("market.verify.confirmed") },
      <VerifyCard tone="success" title={t("market.verify.already")}>
        <p class="text-slate-600">
          {rich(t("market.verify.usedBefore"), { email: bold(owner.email) })}
        </p>
        {signedIn ? toDashboard : signInButton}
      </VerifyCard>,
    );
  }
  return page(
    c,
    { ...VERIFY, status: 422 },
    <VerifyCard tone="warning" title={t("market.verify.expired")}>
      <p class="text-slate-600">{t("market.verify.expiredLead")}</p>
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
    const t = translator(c.get("locale"));
    const justSent = wait <= RESEND_GAP_MS / 1000;
    return page(
      c,
      {
        title: t("market.verify.title"),
        active: "/auth/verify",
        status: 429,
      },
      <VerifyCard
        tone="info"
        title={t(justSent ? "market.verify.justSent" : "market.verify.plenty")}
      >
        <p class="text-slate-600">
          {rich(t(justSent ? "market.verify.wentTo" : "market.verify.severalTo"), {
            email: bold(user.email),
            wait: waitText(t, wait),
          })}
        </p>
        <a class="btn btn-secondary w-full" href="/dashboard">
          {t("market.verify.backDashboard")}
        </a>
      </VerifyCard>,
    );
  }
  // Already confirmed or sent: either way the page says where things stand.
  return c.redirect("/auth/verify?sent=1", 303);
});

export default app;
