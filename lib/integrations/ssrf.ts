// SSRF guard for webhook URLs: http(s) only, and no host that is, or resolves to, an address of
// this machine or its private networks (loopback, private, link-local, CGNAT, unspecified,
// multicast, reserved, and the IPv6 forms that embed such an IPv4 address). Checked when the
// URL is saved and again before every delivery, after DNS resolution; an http delivery then
// connects to the address checked here, so a DNS answer that changes in between (rebinding)
// cannot move it (https relies on certificate validation of the name, see deliver.ts).
import { invalid } from "../http/index.ts";

/** Looks up the addresses of a host name ("A" or "AAAA"); an unknown name gives []. */
export type Resolver = (host: string, type: "A" | "AAAA") => Promise<string[]>;

export const dnsResolver: Resolver = async (host, type) => {
  try {
    return await Deno.resolveDns(host, type);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
};

export interface CheckedTarget {
  url: URL;
  /** The addresses the host resolved to (all public); deliveries connect to the first one. */
  addresses: string[];
}

/** Why an address may not be a webhook target, or null when it is public. */
export function blockedReason(address: string): string | null {
  const v4 = parseIPv4(address);
  if (v4) return blockedV4(v4);
  const v6 = parseIPv6(address);
  if (v6) return blockedV6(v6);
  return "not an IP address";
}

/** Strict dotted-quad (the URL parser has already turned `127.1`, `0x7f.1`, `2130706433` into it). */
export function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** An IPv6 address (brackets allowed, `::` compression, a trailing dotted IPv4) as 16 bytes. */
export function parseIPv6(input: string): number[] | null {
  let s = input.replace(/^\[|\]$/g, "");
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  const last = s.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseIPv4(last);
    if (!v4) return null;
    tail = v4;
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const group = (part: string) => (part === "" ? [] : part.split(":"));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inV4(a: number[], base: number[], bits: number): boolean {
  for (let i = 0; i < 4; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    if (take === 0) return true;
    const mask = (0xff << (8 - take)) & 0xff;
    if ((a[i] & mask) !== (base[i] & mask)) return false;
  }
  return true;
}

const V4_BLOCKED: [number[], number, string][] = [
  [[0, 0, 0, 0], 8, "unspecified"],
  [[10, 0, 0, 0], 8, "private"],
  [[100, 64, 0, 0], 10, "carrier-grade NAT"],
  [[127, 0, 0, 0], 8, "loopback"],
  [[169, 254, 0, 0], 16, "link-local"],
  [[172, 16, 0, 0], 12, "private"],
  [[192, 0, 0, 0], 24, "reserved"],
  [[192, 0, 2, 0], 24, "documentation"],
  [[192, 88, 99, 0], 24, "reserved"],
  [[192, 168, 0, 0], 16, "private"],
  [[198, 18, 0, 0], 15, "benchmarking"],
  [[198, 51, 100, 0], 24, "documentation"],
  [[203, 0, 113, 0], 24, "documentation"],
  [[224, 0, 0, 0], 4, "multicast"],
  [[240, 0, 0, 0], 4, "reserved"],
];

function blockedV4(a: number[]): string | null {
  for (const [base, bits, why] of V4_BLOCKED) if (inV4(a, base, bits)) return why;
  return null;
}

function blockedV6(b: number[]): string | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && b[15] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry
  // an IPv4 address that is what the connection really reaches.
  const mapped = zeros(0, 10) && b[10] === 0xff && b[11] === 0xff;
  const compatible = zeros(0, 12);
  const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12);
  if (mapped || compatible || nat64) return blockedV4(b.slice(12, 16));
  if (b[0] === 0x20 && b[1] === 0x02) return blockedV4(b.slice(2, 6)); // 6to4
  if ((b[0] & 0xfe) === 0xfc) return "private (unique local)";
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return "link-local";
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return "site-local";
  if (b[0] === 0xff) return "multicast";
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "documentation";
  if (b[0] === 0x01 && zeros(1, 8)) return "discard";
  return null;
}

/** Host names that always mean this machine, whatever DNS says. */
function localName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost") || h === "localhost.localdomain";
}

/**
 * Check a webhook URL: a 422 (with `fields.url`) when it is not http(s), or its host is or
 * resolves to a non-public address. `allowPrivate` (ALLOW_PRIVATE_WEBHOOKS=1) skips the address
 * checks and the lookup.
 */
export async function checkWebhookUrl(
  raw: string,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<CheckedTarget> {
  const refuse = (why: string) => invalid("The webhook URL is not allowed", { url: why });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter a full URL, such as https://example.com/hooks");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse("Only http and https URLs can receive webhooks");
  }
  if (url.username || url.password) throw refuse("Credentials in the URL are not allowed");
  if (opts.allowPrivate) return { url, addresses: [] };
  // The URL parser has normalised the host: IPv4 in any spelling is a dotted quad, IPv6 is
  // bracketed and compressed.
  const host = url.hostname;
  if (localName(host)) throw refuse("The host is this machine (localhost)");
  const literal = parseIPv4(host) ? host : host.startsWith("[") ? host.slice(1, -1) : null;
  if (literal !== null) {
    const why = blockedReason(literal);
    if (why) throw refuse(`The address is ${why}`);
    return { url, addresses: [literal] };
  }
  const resolve = opts.resolve ?? dnsResolver;
  let addresses: string[];
  try {
    const [a, aaaa] = await Promise.all([resolve(host, "A"), resolve(host, "AAAA")]);
    addresses = [...a, ...aaaa];
  } catch {
    throw refuse("The host could not be looked up");
  }
  if (!addresses.length) throw refuse("The host could not be found");
  // Every address must be public: a name with one private record could be made to use it.
  for (const address of addresses) {
    const why = blockedReason(address);
    if (why) throw refuse(`The host resolves to an address that is ${why}`);
  }
  return { url, addresses };
}
