// Audiences: the owner's leads across their pages, filtered by page, status, tag and consent.
// Read page by page (each page's leads are one KV prefix, in id order), so a count or a
// campaign reads only this owner's leads, never the whole store, and a campaign can carry on
// from a cursor (page index + last lead id) after a restart.
import { z } from "zod";
import { keys, kv } from "../kv/index.ts";
import { notFound } from "../http/index.ts";
import type { Lead } from "../leads/index.ts";
import { campaignKeys as ck } from "./keys.ts";

export const audienceFilterSchema = z.object({
  pageId: z.string().trim().max(40).optional(),
  status: z.enum(["new", "contacted", "won", "lost"]).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  consent: z.enum(["yes", "no"]).optional(),
});
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

/** Where a walk over an audience stands: the page (index into its page list) and last lead. */
export interface AudienceCursor {
  page: number;
  after: string | null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The lead's email address (the `email` field, else the first value that is one), lowercased. */
export function leadEmail(lead: Lead): string | null {
  const direct = lead.data.email;
  if (direct && EMAIL_RE.test(direct)) return direct.toLowerCase();
  const any = Object.values(lead.data).find((v) => EMAIL_RE.test(v));
  return any ? any.toLowerCase() : null;
}

/** Gave consent and, if the form asked for it, confirmed by the emailed link. */
export function mayReceiveCampaigns(lead: Lead): boolean {
  return !!lead.consent && lead.optIn !== "pending";
}

export function matchesFilter(lead: Lead, f: AudienceFilter): boolean {
  if (f.status && lead.status !== f.status) return false;
  if (f.tag && !lead.tags.includes(f.tag)) return false;
  if (f.consent === "yes" && !lead.consent) return false;
  if (f.consent === "no" && lead.consent) return false;
  return true;
}

/** The ids of the owner's pages the filter covers, in key order. */
export async function audiencePages(ownerId: string, f: AudienceFilter): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of kv().list<string>({ prefix: keys.pagesByUserPrefix(ownerId) })) {
    const id = e.key.at(-1) as string;
    if (!f.pageId || f.pageId === id) ids.push(id);
  }
  return ids;
}

/** A filter naming a page that is not the owner's is a 404 (another user's page, or none). */
export async function checkFilter(ownerId: string, f: AudienceFilter) {
  if (f.pageId && !(await kv().get(keys.pagesByUser(ownerId, f.pageId))).versionstamp) {
    throw notFound("Page");
  }
}

/**
 * Up to `limit` leads read from `cursor` on (matching the filter or not: the caller decides),
 * and the cursor after them (null when the audience is done).
 */
export async function readAudience(
  pageIds: string[],
  cursor: AudienceCursor,
  limit: number,
): Promise<{ leads: Lead[]; next: AudienceCursor | null }> {
  const leads: Lead[] = [];
  let { page, after } = cursor;
  while (page < pageIds.length) {
    const prefix = keys.leads(pageIds[page]);
    const selector = after ? { prefix, start: keys.lead(pageIds[page], after) } : { prefix };
    let full = false;
    for await (
      const e of kv().list<Lead>(selector, { limit: limit - leads.length + 1, batchSize: 500 })
    ) {
      if (e.value.id === after) continue;
      leads.push(e.value);
      after = e.value.id;
      if (leads.length === limit) {
        full = true;
        break;
      }
    }
    if (full) return { leads, next: { page, after } };
    page++;
    after = null;
  }
  return { leads, next: null };
}

/** At most this many leads are read by one count (a larger audience says "at least"). */
export const COUNT_SCAN = 100_000;

/**
 * How many of the owner's leads match `f`, and how many of those a campaign would reach
 * (consent, confirmed, an address, not unsubscribed).
 */
export async function countAudience(ownerId: string, f: AudienceFilter) {
  await checkFilter(ownerId, f);
  const pageIds = await audiencePages(ownerId, f);
  let cursor: AudienceCursor | null = { page: 0, after: null };
  let count = 0, reachable = 0, scanned = 0;
  const seen = new Set<string>(); // one person on two pages is one recipient
  while (cursor && scanned < COUNT_SCAN) {
    const { leads, next }: Awaited<ReturnType<typeof readAudience>> = await readAudience(
      pageIds,
      cursor,
      1000,
    );
    scanned += leads.length;
    const candidates: string[] = [];
    for (const lead of leads) {
      if (!matchesFilter(lead, f)) continue;
      count++;
      const email = leadEmail(lead);
      if (email && mayReceiveCampaigns(lead) && !seen.has(email)) {
        seen.add(email);
        candidates.push(email);
      }
    }
    // Unsubscribes are looked up in batches of KV's getMany limit.
    for (let i = 0; i < candidates.length; i += 10) {
      const part = candidates.slice(i, i + 10);
      const got = await kv().getMany(part.map((e) => ck.unsubscribed(ownerId, e)));
      reachable += got.filter((g) => g.value === null).length;
    }
    cursor = next;
  }
  return { count, reachable, complete: cursor === null };
}
