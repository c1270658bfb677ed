// Email campaigns: an owner writes a subject and body (the small markup of templates.ts), previews
// it, sends a test to themself, then sends it to an audience of their leads through the queue at
// a bounded rate. Exactly once per address: each recipient's outcome is a marker written in the
// same atomic commit as the campaign's count (and, for the dev mailbox, the message itself), and
// the job carries on from a cursor stored with the campaign (advanced in the commit that queues
// the next batch), so a restart mid-campaign repeats no one and skips no one.
import { z } from "zod";
import { config } from "../config.ts";
import { conflict, notFound, parseWith } from "../http/index.ts";
import {
  addToCounter,
  kv,
  listKvPage,
  newId,
  nowIso,
  readCounter,
  retryAtomic,
} from "../kv/index.ts";
import { defineJob } from "../queue/index.ts";
import { getUser } from "../auth/index.ts";
import type { Lead } from "../leads/index.ts";
import type { Locale } from "../i18n/index.ts";
import { getPage } from "../pages/index.ts";
import {
  campaignEmail,
  linkUrl,
  mailLocale,
  type MailRecord,
  mailT,
  newMail,
  sendMail,
  signLink,
  storeMail,
  transmit,
} from "../mail/index.ts";
import { campaignKeys as ck } from "./keys.ts";
import {
  type AudienceCursor,
  type AudienceFilter,
  audienceFilterSchema,
  audiencePages,
  checkFilter,
  leadEmail,
  matchesFilter,
  mayReceiveCampaigns,
  readAudience,
} from "./audience.ts";

export { campaignKeys } from "./keys.ts";
export * from "./audience.ts";
export { unsubscribe, unsubscribeInfo, unsubscribeUrl } from "./unsubscribe.ts";

export interface Campaign {
  id: string;
  ownerId: string;
  subject: string;
  body: string;
  filter: AudienceFilter;
  status: "draft" | "sending" | "sent";
  /** The pages the audience was read from, fixed when sending starts. */
  pageIds: string[];
  cursor: AudienceCursor | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const campaignInputSchema = z.object({
  subject: z.string().trim().min(1, "Enter a subject").max(200),
  body: z.string().trim().min(1, "Write the message").max(20_000),
  filter: audienceFilterSchema.optional(),
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/** Recipients read per queued batch (fewer when the rate is lower). */
const BATCH = 100;
/** Fields a preview or test send fills the placeholders with. */
const SAMPLE = { name: "Alex Example", email: "alex@example.com" };

export async function campaignCounts(id: string) {
  const [sent, failed, unsubscribed] = await Promise.all(
    ["sent", "failed", "unsubscribed"].map((w) => readCounter(ck.campaignCount(id, w))),
  );
  return { sent, failed, unsubscribed };
}

async function view(c: Campaign) {
  const { pageIds: _p, cursor: _c, ...rest } = c;
  return { ...rest, counts: await campaignCounts(c.id) };
}

export async function createCampaign(ownerId: string, raw: CampaignInput) {
  const input = parseWith(campaignInputSchema, raw); // form posts arrive unvalidated
  await checkFilter(ownerId, input.filter ?? {});
  const now = nowIso();
  const c: Campaign = {
    id: newId(),
    ownerId,
    subject: input.subject,
    body: input.body,
    filter: input.filter ?? {},
    status: "draft",
    pageIds: [],
    cursor: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
  await kv().atomic().set(ck.campaign(c.id), c).set(ck.campaignsByOwner(ownerId, c.id), c.id)
    .commit();
  return await view(c);
}

async function ownCampaign(ownerId: string, id: string) {
  const entry = await kv().get<Campaign>(ck.campaign(id));
  if (!entry.value || entry.value.ownerId !== ownerId) throw notFound("Campaign");
  return entry;
}

export async function getCampaign(ownerId: string, id: string) {
  return await view((await ownCampaign(ownerId, id)).value!);
}

export async function listCampaigns(
  ownerId: string,
  opts: { limit?: number; cursor?: string | null },
) {
  const ids = await listKvPage<string>(ck.campaignsByOwnerPrefix(ownerId), {
    ...opts,
    reverse: true,
  });
  const got = await kv().getMany<Campaign[]>(ids.items.map((id) => ck.campaign(id)));
  const items = await Promise.all(
    got.filter((e) => e.value).map((e) => view(e.value!)),
  );
  return { items, cursor: ids.cursor };
}

/** Edit a draft (a campaign that started sending is no longer editable: 409). */
export async function updateCampaign(ownerId: string, id: string, raw: CampaignInput) {
  const input = parseWith(campaignInputSchema, raw);
  await ownCampaign(ownerId, id);
  await checkFilter(ownerId, input.filter ?? {});
  const next = await retryAtomic(async (op) => {
    const entry = await ownCampaign(ownerId, id);
    if (entry.value!.status !== "draft") {
      throw conflict("campaign_sent", "This campaign was already sent; make a new one");
    }
    const c: Campaign = {
      ...entry.value!,
      subject: input.subject,
      body: input.body,
      filter: input.filter ?? entry.value!.filter,
      updatedAt: nowIso(),
    };
    op.check(entry).set(entry.key, c);
    return c;
  });
  return await view(next);
}

async function ownerName(ownerId: string) {
  const owner = await getUser(ownerId);
  return owner?.name || "the page owner";
}

/** The email as a recipient with sample fields would get it (nothing is sent). */
export async function previewCampaign(ownerId: string, input: CampaignInput) {
  const mail = campaignEmail(
    input.subject,
    input.body,
    SAMPLE,
    `${config().appOrigin}/email/unsubscribe/preview`,
    await ownerName(ownerId),
    mailLocale(await getUser(ownerId)),
  );
  return mail;
}

/** Send the campaign to the owner's own address (marked as a test; counts untouched). */
export async function testSendCampaign(ownerId: string, id: string) {
  const c = (await ownCampaign(ownerId, id)).value!;
  const owner = await getUser(ownerId);
  if (!owner) throw notFound("User");
  const lang = mailLocale(owner);
  const mail = campaignEmail(
    mailT(lang)("mail.campaign.test", { subject: c.subject }),
    c.body,
    { ...SAMPLE, name: owner.name, email: owner.email },
    `${config().appOrigin}/email/unsubscribe/test`,
    owner.name,
    lang,
  );
  await sendMail({ ...mail, to: owner.email, tag: `campaign-test:${c.id}` });
  return { to: owner.email };
}

/** Start sending: fixes the audience's pages and queues the first batch (409 if already sent). */
export async function sendCampaign(ownerId: string, id: string) {
  await ownCampaign(ownerId, id);
  const entry = await ownCampaign(ownerId, id);
  const c = entry.value!;
  if (c.status !== "draft") throw conflict("campaign_sent", "This campaign was already sent");
  const pageIds = await audiencePages(ownerId, c.filter);
  const next: Campaign = {
    ...c,
    status: "sending",
    pageIds,
    cursor: { page: 0, after: null },
    startedAt: nowIso(),
    updatedAt: nowIso(),
  };
  const op = kv().atomic().check(entry).set(entry.key, next);
  await batchJob({ campaignId: id }, { atomic: op });
  if (!(await op.commit()).ok) {
    throw conflict("campaign_sent", "This campaign is already being sent");
  }
  return await view(next);
}

const batchJob = defineJob<{ campaignId: string }>("campaign.batch", async ({ campaignId }) => {
  await runBatch(campaignId);
});

/** How long one queued job keeps sending before it hands over to the next (a restart waits). */
const SLICE_MS = 2000;
/** Recipients of a batch prepared at once (and, for the dev mailbox, committed together). */
const PARALLEL = 25;

/**
 * Send the campaign from its cursor, batch after batch for up to SLICE_MS, pausing between
 * batches to keep the rate (in process: the queue's delayed delivery is too coarse for short
 * pauses). Each batch's cursor is committed with a check that nobody else moved it; the last one
 * of the slice is committed with the job that carries on.
 */
export async function runBatch(campaignId: string) {
  let entry = await kv().get<Campaign>(ck.campaign(campaignId));
  const sliceEnd = Date.now() + SLICE_MS;
  const rate = config().campaignRatePerSecond;
  const size = Math.min(BATCH, rate);
  while (true) {
    const c = entry.value;
    if (!c || c.status !== "sending" || !c.cursor) return;
    const started = Date.now();
    const { leads, next } = await readAudience(c.pageIds, c.cursor, size);
    const sender = await ownerName(c.ownerId);
    await sendBatch(c, leads.filter((lead) => matchesFilter(lead, c.filter)), sender);
    const op = kv().atomic().check(entry);
    if (!next) {
      op.set(entry.key, { ...c, status: "sent", cursor: null, finishedAt: nowIso() });
      await op.commit();
      return;
    }
    const moved: Campaign = { ...c, cursor: next };
    op.set(entry.key, moved);
    const waitMs = Math.max(0, Math.round((size * 1000) / rate) - (Date.now() - started));
    if (Date.now() + waitMs >= sliceEnd) {
      await batchJob({ campaignId }, { atomic: op, delayMs: waitMs });
      await op.commit(); // not ok: another delivery of this job already moved on
      return;
    }
    const res = await op.commit();
    if (!res.ok) return;
    entry = { key: entry.key, value: moved, versionstamp: res.versionstamp };
    if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
  }
}

interface Prepared {
  lead: Lead;
  markerKey: Deno.KvKey;
  marker: Deno.KvEntryMaybe<unknown>;
  unsub: Deno.KvEntryMaybe<unknown>;
  mail: MailRecord;
}

/** The email for `lead`, or null when it must not get one (no consent, unsubscribed, sent). */
async function prepare(
  c: Campaign,
  lead: Lead,
  sender: string,
  locale: Locale,
): Promise<Prepared | null> {
  const email = leadEmail(lead);
  if (!email || !mayReceiveCampaigns(lead)) return null;
  const markerKey = ck.campaignRecipient(c.id, email);
  const [marker, unsub] = await kv().getMany([markerKey, ck.unsubscribed(c.ownerId, email)]);
  if (marker.value !== null || unsub.value !== null) return null;
  const token = await signLink("unsubscribe", { o: c.ownerId, e: email, c: c.id });
  const url = linkUrl("unsubscribe", token);
  const content = campaignEmail(c.subject, c.body, lead.data, url, sender, locale);
  const mail = newMail({
    ...content,
    to: email,
    tag: `campaign:${c.id}`,
    headers: {
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  });
  return { lead, markerKey, marker, unsub, mail };
}

/** Add "sent to p" to `op`: the marker (checked absent, and not unsubscribed) and the message. */
function markSent(
  op: Deno.AtomicOperation,
  p: Prepared,
  claimed: Deno.KvEntryMaybe<unknown>,
  status: "sent" | "dev_mailbox",
) {
  op.check(claimed, p.unsub).set(p.markerKey, {
    state: "sent",
    leadId: p.lead.id,
    mailId: p.mail.id,
    at: nowIso(),
  });
  storeMail(op, { ...p.mail, status, sentAt: nowIso() });
}

/**
 * Dev mailbox: nothing leaves the process, so "sending" is the commit itself, and a group of
 * recipients is one commit (markers, messages and the count). When any check fails (another
 * delivery or an unsubscribe got there first), each is committed alone instead.
 */
async function sendGroup(c: Campaign, group: Prepared[]) {
  if (!group.length) return;
  const op = kv().atomic();
  for (const p of group) markSent(op, p, p.marker, "dev_mailbox");
  addToCounter(op, ck.campaignCount(c.id, "sent"), group.length);
  if ((await op.commit()).ok) return;
  for (const p of group) {
    const one = kv().atomic();
    markSent(one, p, p.marker, "dev_mailbox");
    addToCounter(one, ck.campaignCount(c.id, "sent"), 1);
    await one.commit();
  }
}

/**
 * SMTP is outside any commit: claim the address first, so a crash between the server's
 * acceptance and our commit leaves a "sending" marker (never sent again) rather than a repeat.
 */
async function sendSmtp(c: Campaign, p: Prepared) {
  const claim = await kv().atomic().check(p.marker, p.unsub)
    .set(p.markerKey, { state: "sending", leadId: p.lead.id, at: nowIso() }).commit();
  if (!claim.ok) return;
  const claimed = { key: p.markerKey, value: null, versionstamp: claim.versionstamp };
  let status: "sent" | "dev_mailbox";
  try {
    status = await transmit(p.mail);
  } catch (err) {
    const op = kv().atomic().check(claimed).set(p.markerKey, {
      state: "failed",
      leadId: p.lead.id,
      at: nowIso(),
      error: String(err).slice(0, 500),
    });
    addToCounter(op, ck.campaignCount(c.id, "failed"), 1);
    await op.commit();
    return;
  }
  const op = kv().atomic();
  markSent(op, p, claimed, status);
  addToCounter(op, ck.campaignCount(c.id, "sent"), 1);
  await op.commit();
}

/** The language of each page the leads came from (its content.locale): their email's footer. */
async function pageLocales(leads: Lead[]): Promise<Map<string, Locale>> {
  const ids = [...new Set(leads.map((l) => l.pageId))];
  const pages = await Promise.all(ids.map((id) => getPage(id)));
  return new Map(ids.map((id, i) => [id, pages[i]?.content.locale ?? "en"]));
}

async function sendBatch(c: Campaign, leads: Lead[], sender: string) {
  const locales = await pageLocales(leads);
  for (let i = 0; i < leads.length; i += PARALLEL) {
    const prepared = (await Promise.all(
      leads.slice(i, i + PARALLEL).map((lead) =>
        prepare(c, lead, sender, locales.get(lead.pageId) ?? "en")
      ),
    )).filter((p): p is Prepared => p !== null);
    // One person on two pages may be twice in a group: the first copy only.
    const seen = new Set<string>();
    const unique = prepared.filter((p) => !seen.has(p.mail.to) && seen.add(p.mail.to));
    if (config().smtpUrl) await Promise.all(unique.map((p) => sendSmtp(c, p)));
    else await sendGroup(c, unique);
  }
}
