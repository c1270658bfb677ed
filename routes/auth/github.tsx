// /auth/github: GitHub sign-in (off unless GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set).
import { Hono } from "hono";
import { LoginForm } from "./login.tsx";
import { getCookie, setCookie } from "hono/cookie";
import { generateState, GitHub } from "arctic";
import { config } from "../../lib/config.ts";
import { signInWithGithub, startSession } from "../../lib/auth/index.ts";
import { type AppEnv } from "../../lib/http/index.ts";
import { page } from "../../components/render.tsx";
import { setSessionCookies } from "../../lib/http/session.ts";
import { t } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

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
  const failed = () =>
    page(
      c,
      { title: t(c.get("locale"), "auth.signIn"), bare: true, status: 400 },
      <LoginForm error={t(c.get("locale"), "market.auth.githubFailed")} />,
    );
  if (!gh || !state || state !== getCookie(c, "lh_oauth_state")) {
    return failed();
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
    return failed();
  }
});

export default app;
