// Choosing each app request's language (shared/API.md "Payment providers, currencies and
// languages"): sets c.var.locale for every route. A `?lang` is remembered in a `lang` cookie on
// the app's origin (host-only: published sites, on other hosts, never see it).
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { config } from "../config.ts";
import type { AppEnv } from "../http/index.ts";
import { fromAcceptLanguage, isLocale, type Locale, negotiateLocale } from "./index.ts";

export const LANG_COOKIE = "lang";

/** Remember `locale` as the browser's choice for a year. */
export function rememberLocale(c: Context, locale: Locale) {
  setCookie(c, LANG_COOKIE, locale, {
    path: "/",
    sameSite: "Lax",
    secure: config().appOrigin.startsWith("https://"),
    maxAge: 365 * 24 * 3600,
  });
}

/**
 * The request's language when the visitor chose or sent one (`?lang`, the `lang` cookie, an
 * Accept-Language we speak), else undefined: a new account keeps only a real choice as its
 * setting, so an account made without one still follows its browser's Accept-Language later.
 */
export function chosenLocale(c: Context): Locale | undefined {
  const query = c.req.query("lang");
  if (isLocale(query)) return query;
  const cookie = getCookie(c, LANG_COOKIE);
  if (isLocale(cookie)) return cookie;
  // `*` alone (fetch's default, many HTTP clients') names no language.
  const header = c.req.header("accept-language");
  if (!header || header.trim() === "*") return undefined;
  return fromAcceptLanguage(header) ?? undefined;
}

export const localeMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const query = c.req.query("lang");
  const locale = negotiateLocale({
    query,
    cookie: getCookie(c, LANG_COOKIE),
    user: c.get("user")?.locale,
    acceptLanguage: c.req.header("accept-language"),
  });
  c.set("locale", locale);
  if (isLocale(query) && getCookie(c, LANG_COOKIE) !== query) rememberLocale(c, query);
  await next();
};
