// Sessions over HTTP: cookies, the signed-in user on every request, CSRF (Origin) checks.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { config } from "../fresh.config.ts";
import { rotateRefreshToken, type Session, userFromAccessToken, type UserRecord } from "./auth.ts";
import { type AppEnv, forbidden, unauthorized } from "./http.ts";

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

/** Sets `user` and `authVia` from a Bearer token or the session cookies. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", null);
  c.set("authVia", null);
  const header = c.req.header("authorization");
  if (header?.startsWith("Bearer ")) {
    c.set(
      "user",
      await signedIn(await userFromAccessToken(header.slice(7).trim())),
    );
    c.set("authVia", "bearer");
    return await next();
  }
  const access = getCookie(c, accessCookie());
  let user = access ? await signedIn(await userFromAccessToken(access)) : null;
  const refresh = readRefreshCookie(c);
  // The explicit /api/auth routes manage tokens themselves; elsewhere an expired access cookie is
  // renewed in passing, so pages and islands keep working past the access token's 15 minutes.
  if (!user && refresh && !c.req.path.startsWith("/api/auth/")) {
    try {
      const session = await rotateRefreshToken(refresh, { graceMs: 20_000 });
      setSessionCookies(c, session);
      user = session.user;
    } catch {
      clearSessionCookies(c);
    }
  }
  if (user) {
    c.set("user", user);
    c.set("authVia", "cookie");
  }
  await next();
};

function signedIn(user: UserRecord | null) {
  return user && !user.suspended ? user : null;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Unsafe requests that a browser could send with our cookies must come from our own origin.
 * Published sites can be same-site with the app, so SameSite=Lax alone is not enough.
 */
export const originGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    !SAFE.has(c.req.method) &&
    !c.req.header("authorization")?.startsWith("Bearer ")
  ) {
    const origin = c.req.header("origin");
    const fetchSite = c.req.header("sec-fetch-site");
    const host = c.req.header("host");
    const sameOrigin = origin
      ? origin === config().appOrigin ||
        (host !== undefined && originHost(origin) === host)
      : fetchSite === undefined || fetchSite === "same-origin" ||
        fetchSite === "none";
    if (
      !sameOrigin ||
      (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none")
    ) {
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
