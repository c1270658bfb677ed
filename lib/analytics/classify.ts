// What a visit tells without a cookie: its source (utm_source, else the external referrer's host,
// else "direct"), its utm_* parameters and the device class of its User-Agent. Pure functions.

/** Longest stored source, campaign or utm value: longer ones are cut (they become KV key parts). */
export const MAX_LABEL = 100;

export type Device = "mobile" | "tablet" | "desktop";
export const DEVICES: Device[] = ["desktop", "mobile", "tablet"];

const TABLET = /ipad|tablet|kindle|silk|playbook|android(?!.*mobi)/i;
const MOBILE = /mobi|iphone|ipod|android|phone|opera mini|iemobile/i;

/** The device class of a User-Agent (browsers say "Mobile" on phones; Android tablets do not). */
export function deviceClass(userAgent: string): Device {
  if (TABLET.test(userAgent)) return "tablet";
  if (MOBILE.test(userAgent)) return "mobile";
  return "desktop";
}

export const UTM_KEYS = [
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_content",
  "utm_term",
] as const;
export type Utm = Partial<Record<(typeof UTM_KEYS)[number], string>>;

/** A label as stored: trimmed, control characters dropped, cut to MAX_LABEL; empty → null. */
export function label(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  // deno-lint-ignore no-control-regex -- control characters never belong in a label
  const s = raw.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_LABEL);
  return s || null;
}

/** The utm_* parameters of a URL (none when its query does not mention utm_). */
export function utmOf(url: string): Utm {
  const q = url.indexOf("?");
  if (q < 0 || !url.includes("utm_", q)) return {};
  const params = new URLSearchParams(url.slice(q + 1).split("#")[0]);
  const out: Utm = {};
  for (const k of UTM_KEYS) {
    const v = label(params.get(k));
    if (v) out[k] = v;
  }
  return out;
}

/**
 * The host of `referer` when it is another site's (a link, a search engine); null for none, the
 * page's own host (`ownHost`, moving around the site) or something that is not an http(s) URL.
 */
export function externalReferrer(referer: string | null, ownHost: string | null): string | null {
  if (!referer) return null;
  let host: string;
  try {
    const u = new URL(referer);
    if (u.protocol !== "https:" && u.protocol !== "http:") return null;
    host = u.hostname.toLowerCase();
  } catch {
    return null;
  }
  const own = ownHost?.toLowerCase().replace(/:\d+$/, "");
  return host && host !== own ? label(host) : null;
}

/** The contract's source: utm_source, else the referrer's host, else "direct". */
export function sourceName(utmSource: string | null | undefined, referrer: string | null): string {
  return utmSource?.toLowerCase() || referrer || "direct";
}

/** Text escaped for an HTML attribute or element. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
