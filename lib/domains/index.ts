// Custom domains: a page's own hostnames, claimed one page at a time, proved by a TXT record,
// served like the page's subdomain once active (cache.ts), and re-verified on a queue: a hostname
// whose TXT record is gone for GRACE_MS goes back to pending and its owner is told by email.
import { z } from "zod";
import { config } from "../config.ts";
import { AppError, conflict, notFound } from "../http/index.ts";
import { kv, newId, nowIso, retryAtomic } from "../kv/index.ts";
import { getUser } from "../auth/index.ts";
import { domainLapsedEmail, mailLocale, sendMail } from "../mail/index.ts";
import { getOwnPage } from "../pages/index.ts";
import { defineJob } from "../queue/index.ts";
import { customHostTarget, forgetHosts } from "./cache.ts";
import { checkDns, type DnsCheck } from "./dns.ts";
import { hostOnly, normalizeHostname } from "./hostname.ts";
import { domainKeys } from "./keys.ts";
import type { DomainRecord, DomainView } from "./types.ts";

export { customHostSlug, customHostTarget, forgetHosts, type HostTarget } from "./cache.ts";
export { serveCustomHost } from "./serve.ts";
export { deletePageDomains } from "./page-hook.ts";
export { hostOnly, normalizeHostname } from "./hostname.ts";
export type { DomainRecord, DomainView } from "./types.ts";

/** How often an active domain's TXT record is checked again. */
export const RECHECK_MS = 6 * 3600_000;
/** How long re-checks may fail before the domain stops being served. */
export const GRACE_MS = 48 * 3600_000;
const MAX_PER_PAGE = 10;

export const addDomainSchema = z.object({ hostname: z.string().max(300) });

function sitesHost() {
  return hostOnly(config().sitesDomain);
}

/** The domains no custom hostname may lie in: the app's own and the published sites'. */
function refusedDomains(): string[] {
  return [new URL(config().appOrigin).hostname, sitesHost()];
}

function toView(d: DomainRecord, slug: string): DomainView {
  return {
    hostname: d.hostname,
    status: d.status,
    verification: { type: "TXT", name: `_landinghub.${d.hostname}`, value: d.token },
    cname: slug ? `${slug}.${sitesHost()}` : sitesHost(),
    createdAt: d.createdAt,
    verifiedAt: d.verifiedAt,
    lastCheckedAt: d.lastCheckedAt,
    failingSince: d.failingSince,
  };
}

/** Claim `hostname` for the page: one atomic commit checks that nobody holds it. */
/** How long an unverified claim holds a hostname against other pages. */
export const PENDING_CLAIM_MS = 72 * 3600_000;

export async function addDomain(userId: string, pageId: string, input: string) {
  const page = await getOwnPage(userId, pageId);
  const hostname = normalizeHostname(input, refusedDomains());
  const record = await retryAtomic(async (op) => {
    const claim = await kv().get<DomainRecord>(domainKeys.domain(hostname));
    // A claim nobody verifies cannot hold a hostname for ever: after PENDING_CLAIM_MS another
    // page may claim it (the stale claim's page loses it), so a stranger's unverified claim on
    // someone else's domain lapses.
    const stale = claim.value?.status === "pending" && claim.value.pageId !== pageId &&
      Date.now() - Date.parse(claim.value.createdAt) > PENDING_CLAIM_MS;
    if (stale) op.delete(domainKeys.domainsByPage(claim.value!.pageId, hostname));
    if (claim.value && !stale) {
      throw claim.value.pageId === pageId
        ? conflict("domain_exists", "This hostname is already added to this page")
        : conflict("domain_taken", "This hostname is used by another page");
    }
    let count = 0;
    for await (const _ of kv().list({ prefix: domainKeys.domainsByPagePrefix(pageId) })) count++;
    if (count >= MAX_PER_PAGE) {
      throw conflict("too_many_domains", `A page can have at most ${MAX_PER_PAGE} domains`);
    }
    const d: DomainRecord = {
      hostname,
      pageId,
      ownerId: userId,
      status: "pending",
      token: `lh-verify-${crypto.randomUUID().replaceAll("-", "")}`,
      createdAt: nowIso(),
      verifiedAt: null,
      lastCheckedAt: null,
      failingSince: null,
      checkChain: null,
    };
    op.check(claim)
      .set(domainKeys.domain(hostname), d)
      .set(domainKeys.domainsByPage(pageId, hostname), hostname);
    return d;
  });
  forgetHosts([hostname]);
  return toView(record, page.slug);
}

export async function listDomains(userId: string, pageId: string): Promise<DomainView[]> {
  const page = await getOwnPage(userId, pageId);
  const out: DomainView[] = [];
  for await (const e of kv().list({ prefix: domainKeys.domainsByPagePrefix(pageId) })) {
    const d = (await kv().get<DomainRecord>(domainKeys.domain(String(e.key.at(-1))))).value;
    if (d && d.pageId === pageId) out.push(toView(d, page.slug));
  }
  return out;
}

/** The page's own domain record; another page's or an unknown hostname is "not found". */
async function ownDomain(userId: string, pageId: string, hostname: string) {
  const page = await getOwnPage(userId, pageId);
  let h: string;
  try {
    h = normalizeHostname(hostname, []); // the URL may name it as typed (case, IDN, trailing dot)
  } catch {
    throw notFound("Domain");
  }
  const entry = await kv().get<DomainRecord>(domainKeys.domain(h));
  if (!entry.value || entry.value.pageId !== pageId) throw notFound("Domain");
  return { page, entry, domain: entry.value };
}

/** What the owner still has to do, in words, or null when the TXT record is right. */
export function missingRecords(d: DomainRecord, check: DnsCheck, cname: string): string[] {
  const name = `_landinghub.${d.hostname}`;
  const out: string[] = [];
  if (check.txt === "missing") {
    out.push(`No TXT record found at ${name}; create it with the value ${d.token}.`);
  }
  if (check.txt === "wrong_value") {
    out.push(
      `The TXT record at ${name} holds ${check.txtFound.map((v) => `"${v}"`).join(", ")}, ` +
        `not the value ${d.token}.`,
    );
  }
  if (check.cname === "missing") {
    out.push(
      `No CNAME at ${d.hostname}: point it (or an ALIAS/ANAME at an apex) at ${cname} so visitors ` +
        `reach the page. This one is advisory; only the TXT record is required to verify.`,
    );
  } else if (check.cname === "elsewhere") {
    out.push(
      `The CNAME at ${d.hostname} points at ${check.cnameFound}, not at ${cname}. This one is ` +
        `advisory; only the TXT record is required to verify.`,
    );
  }
  return out;
}

async function askDns(d: DomainRecord): Promise<DnsCheck> {
  try {
    return await checkDns(d.hostname, d.token, sitesHost());
  } catch (err) {
    throw new AppError(
      503,
      "dns_unavailable",
      `DNS could not be asked about ${d.hostname} (${(err as Error).message}); try again shortly`,
      undefined,
      undefined,
      { "retry-after": "5" },
    );
  }
}

const recheck = defineJob<{ hostname: string; chain: string }>(
  "domain.recheck",
  async ({ hostname, chain }) => {
    await recheckDomain(hostname, chain);
  },
);

/** Check DNS now; active when the TXT record holds the token, else a 409 saying what is missing. */
export async function verifyDomain(userId: string, pageId: string, hostname: string) {
  const { page, domain } = await ownDomain(userId, pageId, hostname);
  const view = toView(domain, page.slug);
  const check = await askDns(domain);
  if (check.txt !== "ok") {
    const missing = missingRecords(domain, check, view.cname);
    throw conflict("dns_not_ready", missing.join(" "), {
      missing,
      checks: { txt: check.txt, cname: check.cname },
      domain: view,
    });
  }
  const next = await retryAtomic(async (op) => {
    const entry = await kv().get<DomainRecord>(domainKeys.domain(domain.hostname));
    if (!entry.value || entry.value.pageId !== pageId) throw notFound("Domain");
    const now = nowIso();
    const chain = newId();
    const d: DomainRecord = {
      ...entry.value,
      status: "active",
      verifiedAt: entry.value.status === "active" ? entry.value.verifiedAt : now,
      lastCheckedAt: now,
      failingSince: null,
      checkChain: chain,
    };
    op.check(entry).set(domainKeys.domain(d.hostname), d);
    await recheck({ hostname: d.hostname, chain }, { atomic: op, delayMs: RECHECK_MS });
    return d;
  });
  forgetHosts([next.hostname]);
  return { ...toView(next, page.slug), cnameStatus: check.cname };
}

/** Remove the hostname from the page: it stops being served by this process at once. */
export async function removeDomain(userId: string, pageId: string, hostname: string) {
  const { entry, domain } = await ownDomain(userId, pageId, hostname);
  await retryAtomic(async (op) => {
    const now = await kv().get<DomainRecord>(entry.key);
    if (!now.value || now.value.pageId !== pageId) return;
    op.check(now).delete(entry.key).delete(domainKeys.domainsByPage(pageId, domain.hostname));
  });
  forgetHosts([domain.hostname]);
}

/**
 * The periodic re-check of an active domain (the queued job; tests call it with a clock). A run
 * whose `chain` is no longer the domain's live one stops, so a re-verify never doubles the checks.
 */
export async function recheckDomain(hostname: string, chain?: string, now = Date.now()) {
  const first = (await kv().get<DomainRecord>(domainKeys.domain(hostname))).value;
  if (!first || first.status !== "active" || (chain && first.checkChain !== chain)) return null;
  let ok: boolean;
  try {
    ok = (await checkDns(first.hostname, first.token, sitesHost())).txt === "ok";
  } catch {
    ok = false; // DNS trouble counts as a failed check; the grace period absorbs short outages
  }
  let lapsed = false;
  const next = await retryAtomic(async (op) => {
    const entry = await kv().get<DomainRecord>(domainKeys.domain(hostname));
    const d = entry.value;
    if (!d || d.status !== "active" || d.checkChain !== first.checkChain) return null;
    const at = new Date(now).toISOString();
    const failingSince = ok ? null : d.failingSince ?? at;
    lapsed = !ok && now - Date.parse(failingSince!) >= GRACE_MS;
    const nextChain = lapsed ? null : newId();
    const updated: DomainRecord = {
      ...d,
      status: lapsed ? "pending" : "active",
      lastCheckedAt: at,
      failingSince: lapsed ? null : failingSince,
      checkChain: nextChain,
    };
    op.check(entry).set(entry.key, updated);
    if (nextChain) {
      await recheck({ hostname, chain: nextChain }, { atomic: op, delayMs: RECHECK_MS });
    }
    return updated;
  });
  if (next && lapsed) {
    forgetHosts([hostname]);
    const owner = await getUser(next.ownerId);
    if (owner) {
      await sendMail({
        to: owner.email,
        ...domainLapsedEmail(
          { host: hostname, token: next.token, hours: GRACE_MS / 3600_000 },
          mailLocale(owner),
        ),
      });
    }
  }
  return next;
}

/**
 * The "ask" of an on-demand TLS proxy: is this hostname an active custom domain? Answered from the
 * same in-process map as serving, so a flood of asks for made-up names costs no KV read each.
 */
export async function isActiveDomain(hostname: string): Promise<boolean> {
  return Boolean(await customHostTarget(hostname));
}
