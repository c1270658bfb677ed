// Prepared answers for signed-out visitors of app pages that depend only on their URL and language
// (the marketplace's browse page): the route renders the document once and offers it here; main.ts
// keeps the app's final answer (every middleware's headers included) as a prepared response, and
// answers later requests for the same URL and language from it before Hono runs, as published
// sites are answered (lib/sites/serve.ts). A prepared answer holds while its `valid()` does (the
// marketplace: until a listing or a seller's standing changes).
//
// Only a request that cannot be anyone's is answered here: GET, no Authorization, no session
// cookie, no `?lang` (which sets a cookie). Such a request runs no session lookup, and everything
// the middleware chain would add per request is in the prepared headers (the request id is added,
// the request is counted and logged like any other).
import { gzipSync } from "node:zlib";
// Hono's own parser (getCookie uses it): first of a name wins, quotes stripped, decoded.
import { parse as parseCookies } from "hono/utils/cookie";
import { isLocale, type Locale, negotiateLocale } from "../i18n/index.ts";
import { countRequest } from "../ops/metrics.ts";
import { log, logEnabled } from "../ops/log.ts";
import { completeAnswers, requestIdFrom } from "../ops/request-id.ts";
import { config } from "../config.ts";
import { acceptsGzip } from "./accept-encoding.ts";

export { acceptsGzip };

interface Offer {
  key: string;
  html: string;
  route: string;
  valid: () => boolean;
}

interface Prepared {
  valid: () => boolean;
  route: string;
  plain: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  /** The final answer's headers without those per request or per encoding. */
  headers: Record<string, string>;
  gzipHeaders: Record<string, string>;
}

const offers = new WeakMap<Request, Offer>();
const prepared = new Map<string, Prepared>();
/**
 * Bound on prepared documents: each URL and language is one (~80 kB plain and ~15 kB gzipped with
 * the inlined stylesheet), so at most ~10 MB; past it they are all dropped and prepared again.
 */
const MAX_PREPARED = 100;

const PER_REQUEST = new Set([
  "x-request-id",
  "content-length",
  "content-encoding",
  "date",
  "vary",
  "transfer-encoding",
  "connection",
]);

/** The session cookies of lib/http/session.ts (on https and on http). */
const SESSION_COOKIES = ["__Host-lh_at", "__Host-lh_rt", "lh_at", "lh_rt"];

/** The `lang` cookie, and whether a session cookie is present, read as the app reads them. */
function readCookies(header: string | null): { lang?: string; session: boolean } {
  if (!header) return { session: false };
  const jar = parseCookies(header);
  return { lang: jar.lang, session: SESSION_COOKIES.some((name) => name in jar) };
}

/** Path and query of an absolute request URL, without parsing the whole URL. */
function pathAndQuery(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const hash = url.indexOf("#", start);
  return hash < 0 ? url.slice(start) : url.slice(start, hash);
}

/** The key of a document: its language, path and query as the client wrote them. */
export const preparedKey = (locale: Locale, pathQuery: string) => `${locale} ${pathQuery}`;

/**
 * A route's offer: `html` is the whole document `req` is answered with, the same for every
 * signed-out visitor asking for this URL in this language while `valid()` holds.
 */
export function offerPrepared(
  req: Request,
  locale: Locale,
  html: string,
  route: string,
  valid: () => boolean,
) {
  offers.set(req, { key: preparedKey(locale, pathAndQuery(req.url)), html, route, valid });
}

/** main.ts: keep the app's answer to `req` when its route offered it; returns `res` as it is. */
export function keepPrepared(req: Request, res: Response): Response {
  const offer = offers.get(req);
  if (!offer) return res;
  offers.delete(req);
  if (res.status !== 200 || res.headers.has("set-cookie") || !offer.valid()) return res;
  const headers: Record<string, string> = {};
  for (const [name, value] of res.headers) if (!PER_REQUEST.has(name)) headers[name] = value;
  headers["vary"] = "Accept-Encoding";
  const plain = new TextEncoder().encode(offer.html);
  // Least recently used goes first (a hit moves its page to the end), so a stream of made-up
  // query strings cannot empty the pages visitors keep asking for.
  if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value!);
  prepared.set(offer.key, {
    valid: offer.valid,
    route: offer.route,
    plain,
    gzip: new Uint8Array(gzipSync(plain)),
    headers,
    gzipHeaders: { ...headers, "content-encoding": "gzip" },
  });
  return res;
}

/**
 * main.ts: the prepared answer to `req`, or null when there is none (not a signed-out GET, an
 * unknown URL or language, a document no longer valid): the app answers it then.
 */
export function preparedAnswer(req: Request, remote: Deno.NetAddr): Response | null {
  if (prepared.size === 0 || req.method !== "GET") return null;
  const h = req.headers;
  if (h.has("authorization")) return null;
  const cookies = readCookies(h.get("cookie"));
  if (cookies.session) return null;
  const pq = pathAndQuery(req.url);
  if (/[?&]lang=/.test(pq)) return null;
  const locale = negotiateLocale({
    cookie: isLocale(cookies.lang) ? cookies.lang : undefined,
    acceptLanguage: h.get("accept-language"),
  });
  const key = preparedKey(locale, pq);
  const doc = prepared.get(key);
  if (!doc) return null;
  prepared.delete(key);
  if (!doc.valid()) return null;
  prepared.set(key, doc); // now the most recently used
  const start = performance.now();
  const id = requestIdFrom(h.get("x-request-id"));
  const gzip = acceptsGzip(h.get("accept-encoding"));
  const res = new Response(gzip ? doc.gzip : doc.plain, {
    headers: { ...(gzip ? doc.gzipHeaders : doc.headers), "x-request-id": id },
  });
  completeAnswers.add(res);
  served++;
  const ms = performance.now() - start;
  countRequest("GET", doc.route, 200, ms);
  if (logEnabled("info")) {
    log("info", "request", {
      requestId: id,
      method: "GET",
      route: doc.route,
      status: 200,
      durationMs: Math.round(ms * 10) / 10,
      ip: config().trustProxy ? forwardedFor(h) ?? remote.hostname : remote.hostname,
    });
  }
  return res;
}

/** The last X-Forwarded-For hop (lib/http/index.ts `clientIp` behind a trusted proxy). */
function forwardedFor(h: Headers): string | undefined {
  return h.get("x-forwarded-for")?.split(",").at(-1)?.trim() || undefined;
}

let served = 0;
/** How many answers were served prepared (tests tell a prepared answer from a rendered one). */
export const preparedServed = () => served;
