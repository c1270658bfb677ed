// Page addresses: the slug rules (reserved names, pattern), free-slug suggestions, site URLs.
import { z } from "zod";
import { config } from "../config.ts";
import { kv, newId } from "../kv/index.ts";
import { pageKeys } from "./keys.ts";

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
export const RESERVED_SLUGS = new Set([
  "www",
  "api",
  "admin",
  "app",
  "mail",
  "smtp",
  "ftp",
  "static",
  "assets",
  "cdn",
  "blog",
  "help",
  "support",
  "status",
  "docs",
  "dashboard",
  "auth",
  "login",
  "signup",
  "register",
  "billing",
  "account",
  "settings",
  "marketplace",
  "landinghub",
  "root",
  "system",
  "dev",
  "test",
  "staging",
]);

export const slugSchema = z.string().refine((s) => SLUG_RE.test(s), {
  message: "Use 3-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
}).refine((s) => !RESERVED_SLUGS.has(s), {
  message: "This address is reserved",
}).refine((s) => !/^xn--/.test(s), {
  // Punycode labels display as other scripts: `xn--pypal-4ve` shows as a look-alike of paypal.
  message: "Addresses starting with xn-- are not allowed",
});

export function siteUrl(slug: string): string {
  const { appOrigin, sitesDomain } = config();
  const scheme = appOrigin.startsWith("https://") ? "https" : "http";
  return `${scheme}://${slug}.${sitesDomain}/`;
}

/**
 * Latin text without its diacritics: Vietnamese "Đà Nẵng" → "Da Nang". Compatibility forms are
 * folded first (NFKD: "ﬁ" → "fi"), then the combining marks dropped; đ/Đ is a letter of its own
 * (it has no decomposition) and becomes d/D as Vietnamese writers do without diacritics.
 */
export function foldToAscii(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

export function slugify(name: string): string {
  const base = foldToAscii(name).toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40).replace(/-+$/, "");
  if (base.length === 0) {
    // Nothing Latin to keep (a Thai or Chinese name): a readable address the editor asks the user
    // to change, never a bare "page" that every such name would fight over.
    return `page-${newId().toLowerCase().slice(-6)}`;
  }
  // A name like "xn--…" would make a punycode address: prefixed, like reserved words.
  return base.length >= 3 && !RESERVED_SLUGS.has(base) && !base.startsWith("xn--")
    ? base
    : `page-${base}`.replace(/-+$/, "");
}

/** A free slug derived from a name (taken ones get a short random suffix). */
export async function freeSlug(name: string): Promise<string> {
  const base = slugify(name);
  for (let i = 0; i < 20; i++) {
    const candidate = i === 0 ? base : `${base}-${crypto.randomUUID().slice(0, 4)}`;
    if (
      SLUG_RE.test(candidate) &&
      !(await kv().get(pageKeys.pageBySlug(candidate))).value
    ) return candidate;
  }
  return `page-${newId().toLowerCase().slice(-10)}`;
}
