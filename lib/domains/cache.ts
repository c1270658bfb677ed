// Which page a request's Host serves when it is a custom domain, kept in this process so that the
// published-page hot path reads no KV for a known host: an active host is answered from memory and
// refreshed in the background every few seconds (another instance's change shows within that),
// an unknown or pending one is remembered briefly too. This process's own changes (verify,
// remove, page deletion) update the map at once.
import { config } from "../config.ts";
import { kv } from "../kv/index.ts";
import { pageKeys } from "../pages/keys.ts";
import { hostOnly, isIpLiteral, within } from "./hostname.ts";
import { domainKeys } from "./keys.ts";
import type { DomainRecord } from "./types.ts";

const REFRESH_MS = 5_000;
const NEGATIVE_MS = 2_000;
const MAX_ENTRIES = 10_000;

/**
 * What a custom hostname does: serve a page (by slug), redirect to its `www.` twin (an apex whose
 * www hostname is active on the same page), or nothing (null: the sites' 404).
 */
export type HostTarget = { slug: string } | { redirect: string } | null;

interface Entry {
  target: HostTarget;
  at: number;
}

const hosts = new Map<string, Entry>();
const loading = new Map<string, Promise<HostTarget>>();

async function activeDomain(hostname: string): Promise<DomainRecord | null> {
  const d = (await kv().get<DomainRecord>(domainKeys.domain(hostname))).value;
  return d && d.status === "active" ? d : null;
}

/** Read from KV what an active custom hostname serves (the page must still exist). */
async function resolve(hostname: string): Promise<HostTarget> {
  const domain = await activeDomain(hostname);
  if (!domain) return null;
  // The slug stays at the page's key even when its content is stored in chunks (lib/kv/large.ts);
  // reading only that keeps this module free of lib/pages, which imports it for page deletion.
  const page = (await kv().get<{ slug: string }>(pageKeys.page(domain.pageId))).value;
  if (!page) return null;
  if (!hostname.startsWith("www.")) {
    const www = await activeDomain(`www.${hostname}`);
    if (www?.pageId === domain.pageId) return { redirect: `www.${hostname}` };
  }
  return { slug: page.slug };
}

// Bumped by forgetHosts: a read that started before a change must not store what it saw.
let epoch = 0;

function refresh(hostname: string): Promise<HostTarget> {
  let p = loading.get(hostname);
  if (!p) {
    const started = epoch;
    p = resolve(hostname).then((target) => {
      if (hosts.size >= MAX_ENTRIES) hosts.clear(); // random Host headers must not grow it forever
      if (started === epoch) hosts.set(hostname, { target, at: Date.now() });
      return target;
    }).finally(() => loading.delete(hostname));
    loading.set(hostname, p);
  }
  return p;
}

let appHost = "";
let sitesHost = "";
let origin = "";

/**
 * Where a request with this Host goes: `undefined` = the app (its own host, localhost, IP
 * addresses, single names, the sites' domain); otherwise it is a custom hostname and the answer is
 * its target, synchronously when it is in memory.
 */
export function customHostTarget(
  host: string | null,
): HostTarget | undefined | Promise<HostTarget> {
  if (!host) return undefined;
  const cfg = config();
  if (cfg.appOrigin !== origin) {
    origin = cfg.appOrigin;
    appHost = new URL(cfg.appOrigin).hostname;
    sitesHost = hostOnly(cfg.sitesDomain);
  }
  const h = hostOnly(host);
  if (
    h === appHost || !h.includes(".") || isIpLiteral(h) || within(h, sitesHost) ||
    within(h, "localhost")
  ) return undefined;
  if (!/^[a-z0-9.-]{1,253}$/.test(h)) return null;
  const hit = hosts.get(h);
  if (hit) {
    const age = Date.now() - hit.at;
    if (hit.target !== null) {
      if (age > REFRESH_MS) refresh(h).catch(() => {}); // serve the known page meanwhile
      return hit.target;
    }
    if (age < NEGATIVE_MS) return null;
  }
  return refresh(h);
}

/** The slug a custom Host serves, or null (kept for callers that only serve, never redirect). */
export async function customHostSlug(host: string | null): Promise<string | null> {
  const t = await customHostTarget(host);
  return t && "slug" in t ? t.slug : null;
}

/** This process's own change to hostnames: the next request reads them (and their twins) afresh. */
export function forgetHosts(hostnames: string[]) {
  epoch++;
  for (const h of hostnames) {
    const twin = h.startsWith("www.") ? h.slice(4) : `www.${h}`;
    for (const x of [h, twin]) {
      hosts.delete(x);
      loading.delete(x);
    }
  }
}
