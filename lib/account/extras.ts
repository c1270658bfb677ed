// The parts of a user's export and deletion that live in other areas: lead webhooks (the secret
// is said to exist, never shown), email campaigns with their counts, custom domains, likes given,
// payout details (masked) and each page's analytics totals. Kept apart from index.ts for size.
import { kv } from "../kv/index.ts";
import { type Integration, integrationKeys } from "../integrations/index.ts";
import { type Campaign, campaignCounts, campaignKeys } from "../campaigns/index.ts";
import { domainKeys } from "../domains/keys.ts";
import type { DomainRecord } from "../domains/types.ts";
import { likesOf, removeLikesOf } from "../market/engagement.ts";
import { getPayoutDetails, maskPayoutDetails } from "../payments/payout-details.ts";
import { currentDay, pageAnalytics } from "../analytics/index.ts";

/** Days of analytics totals an export carries per page. */
const ANALYTICS_DAYS = 90;

async function listValues<T>(prefix: Deno.KvKey): Promise<Deno.KvEntry<T>[]> {
  const out: Deno.KvEntry<T>[] = [];
  for await (const e of kv().list<T>({ prefix })) out.push(e);
  return out;
}

async function campaignsOf(userId: string): Promise<Campaign[]> {
  const out: Campaign[] = [];
  for (const e of await listValues<string>(campaignKeys.campaignsByOwnerPrefix(userId))) {
    const c = (await kv().get<Campaign>(campaignKeys.campaign(String(e.key.at(-1))))).value;
    if (c && c.ownerId === userId) out.push(c);
  }
  return out;
}

/** The export's extra sections for `userId`, whose own pages are `pageIds`. */
export async function exportExtras(userId: string, pageIds: string[]) {
  const integrations = [];
  const domains = [];
  const analytics = [];
  const to = currentDay();
  const from = new Date(Date.parse(to) - (ANALYTICS_DAYS - 1) * 86_400_000).toISOString()
    .slice(0, 10);
  for (const pageId of pageIds) {
    for (const { value } of await listValues<Integration>(integrationKeys.integrations(pageId))) {
      if (value.ownerId !== userId) continue;
      const { secret: _secret, ...rest } = value;
      integrations.push({ ...rest, hasSecret: true });
    }
    for (const e of await listValues(domainKeys.domainsByPagePrefix(pageId))) {
      const d = (await kv().get<DomainRecord>(domainKeys.domain(String(e.key.at(-1))))).value;
      if (!d || d.pageId !== pageId) continue;
      const { checkChain: _c, ...rest } = d;
      domains.push(rest);
    }
    const report = await pageAnalytics(pageId, { from, to });
    analytics.push({ pageId, from, to, totals: report.totals });
  }
  const campaigns = [];
  for (const c of await campaignsOf(userId)) {
    // Recipients are the owner's leads (already in the export); their addresses are not repeated.
    const { pageIds: _p, cursor: _c, ...rest } = c;
    campaigns.push({ ...rest, counts: await campaignCounts(c.id) });
  }
  const details = await getPayoutDetails(userId);
  return {
    integrations,
    campaigns,
    domains,
    likes: await likesOf(userId),
    payoutDetails: details && maskPayoutDetails(details),
    analytics,
  };
}

/** Deletes keys in commits of at most 500 mutations (KV allows 1,000 per commit). */
async function deleteAll(keyList: Deno.KvKey[]) {
  for (let i = 0; i < keyList.length; i += 500) {
    const op = kv().atomic();
    for (const k of keyList.slice(i, i + 500)) op.delete(k);
    await op.commit();
  }
}

const keysOf = async (prefix: Deno.KvKey) => (await listValues(prefix)).map((e) => e.key);

/**
 * Remove `userId`'s integrations (with their delivery log; queued attempts find the integration
 * gone and stop), campaigns (with counts, recipient markers and unsubscribes) and likes.
 * Custom domains go with the pages (lib/pages deletePage).
 */
export async function eraseExtras(userId: string, pageIds: string[]) {
  for (const pageId of pageIds) {
    for (const e of await listValues<Integration>(integrationKeys.integrations(pageId))) {
      await deleteAll([...await keysOf(integrationKeys.deliveries(e.value.id)), e.key]);
    }
  }
  for (const c of await campaignsOf(userId)) {
    // A batch still queued reads the campaign first and stops when it is gone.
    await deleteAll([
      ...await keysOf(campaignKeys.campaignRecipients(c.id)),
      ...["sent", "failed", "unsubscribed"].map((w) => campaignKeys.campaignCount(c.id, w)),
      campaignKeys.campaign(c.id),
    ]);
  }
  await deleteAll([
    ...await keysOf(campaignKeys.campaignsByOwnerPrefix(userId)),
    ...await keysOf(campaignKeys.unsubscribed(userId, "").slice(0, -1)),
  ]);
  await removeLikesOf(userId);
}
