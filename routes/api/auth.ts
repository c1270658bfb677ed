// /api/auth: register, login, refresh, logout, me, email verification, password reset.
import { Hono } from "hono";
import { z } from "zod";
import { config } from "../../lib/config.ts";
import {
  endSession,
  login,
  register,
  registerSchema,
  requestPasswordReset,
  resetPassword,
  rotateRefreshToken,
  startSession,
  toPublicUser,
  verifyEmail,
} from "../../lib/auth/index.ts";
import { type AppEnv, clientIp, jsonBody, unauthorized } from "../../lib/http/index.ts";
import { chosenLocale } from "../../lib/i18n/middleware.ts";
import {
  clearSessionCookies,
  publicRoute,
  readRefreshCookie,
  requireUser,
  setSessionCookies,
  signedIn,
} from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/register", publicRoute, async (c) => {
  const input = await jsonBody(c, registerSchema);
  const session = await startSession(
    await register(input, clientIp(c, config().trustProxy), chosenLocale(c)),
  );
  setSessionCookies(c, session);
  return c.json({
    user: await toPublicUser(session.user),
    accessToken: session.accessToken,
  }, 201);
});

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

app.post("/login", publicRoute, async (c) => {
  const { email, password } = await jsonBody(c, loginSchema);
  const user = await login(email, password, clientIp(c, config().trustProxy));
  const session = await startSession(user);
  setSessionCookies(c, session);
  return c.json({
    user: await toPublicUser(user),
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
  });
});

app.post("/refresh", publicRoute, async (c) => {
  const body = await jsonBody(
    c,
    z.object({ refreshToken: z.string().max(200).optional() }),
  );
  const token = body.refreshToken ?? readRefreshCookie(c);
  if (!token) throw unauthorized("No refresh token");
  try {
    const session = await rotateRefreshToken(token);
    setSessionCookies(c, session);
    return c.json({
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
    });
  } catch (err) {
    clearSessionCookies(c);
    throw err;
  }
});

app.post("/logout", publicRoute, async (c) => {
  // Ends the session of the refresh cookie and of the access token (Bearer or cookie), so both
  // its refresh tokens and its access tokens stop working at once.
  await endSession(readRefreshCookie(c), c.get("sessionId"));
  clearSessionCookies(c);
  return c.body(null, 204);
});

app.get(
  "/me",
  signedIn,
  async (c) => c.json({ user: await toPublicUser(requireUser(c)) }),
);

app.get("/verify", publicRoute, async (c) => {
  // Links in emails sent before /auth/verify existed: people get the page, which verifies.
  if (c.req.header("accept")?.includes("text/html")) {
    return c.redirect(`/auth/verify?token=${encodeURIComponent(c.req.query("token") ?? "")}`, 303);
  }
  const user = await verifyEmail(c.req.query("token") ?? "");
  return c.json({ user: await toPublicUser(user) });
});

app.post("/reset/request", publicRoute, async (c) => {
  const { email } = await jsonBody(c, z.object({ email: z.string().max(254) }));
  await requestPasswordReset(email, clientIp(c, config().trustProxy), c.get("locale"));
  return c.json({ ok: true }, 202);
});

app.post("/reset", publicRoute, async (c) => {
  const { token, password } = await jsonBody(
    c,
    z.object({
      token: z.string().max(200),
      password: registerSchema.shape.password,
    }),
  );
  await resetPassword(token, password);
  return c.json({ ok: true });
});

export default app;
