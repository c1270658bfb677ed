// Sessions over HTTP: cookies, the signed-in user on every request, CSRF (Origin) checks.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { config } from "../config.ts";
import {
  rotateRefreshToken,
  type Session,
  sessionHolds,
  type UserRecord,
  verifyAccessToken,
} from "../auth/index.ts";
import { type AppEnv, forbidden, unauthorized } from "./index.ts";

const secure = () => config().appOrigin.startsWith("https://");
// __Host- cookies are host-only, Secure and Path=/ by construction; plain names on http (dev).
export const accessCookie = () => secure() ? "__Host-lh_at" : "lh_at";
export const refreshCookie = () => secure() ? "__Host-lh_rt" : "lh_rt";

export function setSessionCookies(c: Context, session: Session) {
  const base = {
    path: "/",
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: secure(),
  };
  setCookie(c, accessCookie(), session.accessToken, {
    ...base,
    maxAge: 15 * 60,
  });
  if (session.refreshToken) {
    setCookie(c, refreshCookie(), session.refreshToken, { ...base, maxAge: 30 * 24 * 3600 });
  }
}

export function clearSessionCookies(c: Context) {
  const opts = { path: "/", secure: secure() };
  deleteCookie(c, accessCookie(), opts);
  deleteCookie(c, refreshCookie(), opts);
}

export function readRefreshCookie(c: Context) {
  return getCookie(c, refreshCookie());
}

/** Sets `user`, `authVia` and `sessionId` from a Bearer token or the session cookies. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", null);
  c.set("authVia", null);
  c.set("sessionId", null);
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) {
    const auth = activeAuth(await verifyAccessToken(header.slice(7).trim()));
    c.set("user", auth?.user ?? null);
    c.set("sessionId", auth?.sessionId ?? null);
    c.set("authVia", "bearer");
    return await next();
  }
  const access = getCookie(c, accessCookie());
  let auth = access ? activeAuth(await verifyAccessToken(access)) : null;
  const refresh = readRefreshCookie(c);
  // The explicit /api/auth routes manage tokens themselves; elsewhere an expired access cookie is
  // renewed in passing, so pages and islands keep working past the access token's 15 minutes.
  if (!auth && refresh && !c.req.path.startsWith("/api/auth/")) {
    try {
      const session = await rotateRefreshToken(refresh, { graceMs: 20_000 });
      setSessionCookies(c, session);
      auth = { user: session.user, sessionId: session.sessionId };
    } catch {
      clearSessionCookies(c);
    }
  }
  if (auth) {
    c.set("user", auth.user);
    c.set("sessionId", auth.sessionId);
    c.set("authVia", "cookie");
  }
  await next();
};

function activeAuth<T extends { user: UserRecord }>(auth: T | null): T | null {
  return auth && !auth.user.suspended ? auth : null;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Unsafe requests that a browser could send with our cookies must come from our own origin.
 * Published sites can be same-site with the app, so SameSite=Lax alone is not enough.
 *
 * - A Bearer request is not ambient authority: no check (the middleware ignores cookies then).
 * - An Origin header must be the app's: APP_ORIGIN, or the origin the request was addressed to
 *   (its Host), which no other site's page can claim. Signed in or not, so no login CSRF either.
 * - Without an Origin, the request is not a browser's cross-site one (browsers send Origin on
 *   every cross-origin POST, and modern ones Sec-Fetch-Site): scripts and API clients that keep
 *   cookies are accepted, unless Sec-Fetch-Site says cross-site or same-site.
 */
export const originGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    !SAFE.has(c.req.method) &&
    !c.req.header("authorization")?.startsWith("Bearer ")
  ) {
    const origin = c.req.header("origin");
    const fetchSite = c.req.header("sec-fetch-site");
    const host = c.req.header("host");
    const sameOrigin = origin === undefined ||
      origin === config().appOrigin ||
      (host !== undefined && originHost(origin) === host);
    if (!sameOrigin || (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none")) {
      throw forbidden("Cross-origin request refused");
    }
  }
  await next();
};

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function requireUser(c: Context<AppEnv>): UserRecord {
  const user = c.get("user");
  if (!user) throw unauthorized();
  return user;
}

export function requireAdmin(c: Context<AppEnv>): UserRecord {
  const user = requireUser(c);
  if (user.role !== "admin") throw forbidden("Admins only");
  return user;
}

// Route guards. routes/manifest.ts gives each folder one of these (via its _middleware.ts); a
// folder with mixed access puts one on each route instead. tests/routes_test.ts fails for a
// route that has none, so a new route is never public by accident.

/** Signed-in users only: 401 for JSON, a redirect to sign-in for a browser (see main.ts). */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};

/** Admins only: 401 when signed out, 403 for other users. */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireAdmin(c);
  await next();
};

/** Marks a route (or a whole folder) as open to anyone: it checks nothing, on purpose. */
export const publicRoute: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

/**
 * For an event stream: whether the request's session still holds, checked now and then while the
 * stream is open, so a logout, a suspension or (for an admin's stream) a demotion ends it too.
 */
export function streamGuard(c: Context<AppEnv>) {
  // The check keeps ids, not the user record (a long-lived stream would hold it for its lifetime).
  const { id: userId, role: userRole } = requireUser(c);
  const sessionId = c.get("sessionId");
  const role = userRole === "admin" ? "admin" : undefined;
  const key = `${userId}|${sessionId}|${role}`;
  return () => {
    // Many streams of one session (tabs, a room's listeners) share one read per second.
    const cached = recentChecks.get(key);
    if (cached && Date.now() - cached.at < 1000) return cached.holds;
    const holds = sessionHolds(userId, sessionId, role);
    recentChecks.set(key, { at: Date.now(), holds });
    if (recentChecks.size > 10_000) recentChecks.clear();
    return holds;
  };
}

const recentChecks = new Map<string, { at: number; holds: Promise<boolean> }>();
