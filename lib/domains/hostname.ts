// Hostname rules of custom domains: one normal form (lowercase, no trailing dot, IDN as punycode)
// so that "Shop.Example." and "shop.example" are the same claim, and the refusals (IP addresses,
// single labels, the app's own and the sites' domains).
import { invalid } from "../http/index.ts";

/** The hostname part of a `host[:port]` origin or Host header, lowercase, without a trailing dot. */
export function hostOnly(host: string): string {
  const h = host.trim().toLowerCase();
  const bare = h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : h.replace(/:\d*$/, "");
  return bare.replace(/\.$/, "");
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Whether `h` (already lowercase) is an IPv4 or IPv6 literal. */
export function isIpLiteral(h: string): boolean {
  return h.startsWith("[") || h.includes(":") || /^[0-9.]+$/.test(h);
}

/** `h` equals `domain` or lies under it. */
export function within(h: string, domain: string): boolean {
  return domain !== "" && (h === domain || h.endsWith("." + domain));
}

/**
 * The normal form of a hostname a user typed, or a 422 saying why it cannot be a custom domain.
 * `refused` lists the domains (the app's, the sites') under which no hostname may be claimed.
 */
export function normalizeHostname(input: string, refused: string[]): string {
  const field = (msg: string) => invalid(msg, { hostname: msg });
  let raw = input.trim().replace(/\.$/, "");
  // Someone pasting https://www.example.com/ means www.example.com.
  raw = raw.replace(/^https?:\/\//i, "").replace(/\/$/, "");
  if (!raw || raw.length > 253 || /[\s/\\:@?#\[\]%]/.test(raw)) {
    throw field("Enter a hostname such as www.example.com");
  }
  let h: string;
  try {
    // The URL parser lowercases and turns IDN labels into punycode (UTS #46), as browsers do.
    h = new URL("http://" + raw).hostname.replace(/\.$/, "");
  } catch {
    throw field("Enter a hostname such as www.example.com");
  }
  if (isIpLiteral(h)) throw field("An IP address cannot be a custom domain; use a hostname");
  const labels = h.split(".");
  if (labels.length < 2) {
    throw field("Enter a full hostname such as www.example.com, not a single name");
  }
  if (h.length > 253 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
    throw field("Enter a hostname such as www.example.com");
  }
  if (labels.at(-1) === "localhost" || refused.some((d) => within(h, d))) {
    throw field("This hostname belongs to LandingHub itself; use a domain you own");
  }
  return h;
}
