// Leads: form submissions on published sites, validated against the form block, stored with the
// page's lead count, the dashboard counter and the owner's notification in one atomic commit.
import { z } from "zod";
import { blockHasForm } from "../blocks.ts";
import { t } from "../i18n/index.ts";
import { AppError, invalid, notFound } from "../http/index.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import {
  addToCounter,
  idCursor,
  keys,
  kv,
  listKvPage,
  newId,
  noCommit,
  nowIso,
  type Paged,
  parseLimit,
  retryAtomic,
} from "../kv/index.ts";
import { getOwnPage, getPage } from "../pages/index.ts";
import { addEvent } from "../realtime/index.ts";
import { userTopic } from "../realtime/topics.ts";
import { notifierFor } from "../notifications/text.ts";
import { getSite } from "../sites/index.ts";
import { bumpStats } from "../admin/stats.ts";
import { bumpPageStat } from "../pages/seller-stats.ts";
import { noteLeadFields } from "./csv.ts";
import { queueLeadEvent } from "../integrations/index.ts";
import { countLead, type LeadSource } from "../analytics/index.ts";
import { countConversion, variantForm } from "../experiments/index.ts";
import { consentOf, queueLeadMail } from "./rules.ts";

export const LEAD_STATUSES = ["new", "contacted", "won", "lost"] as const;

export interface Lead {
  id: string;
  pageId: string;
  blockId: string;
  data: Record<string, string>;
  status: (typeof LEAD_STATUSES)[number];
  tags: string[];
  submittedAt: string;
  /** Where the visit that showed the form came from (lib/analytics/attribution.ts). */
  source?: LeadSource;
  /** The consent checkbox's text and when it was ticked (lib/leads/rules.ts). */
  consent?: { text: string; at: string };
  /** Double opt-in: "pending" until the lead confirms by the emailed link. */
  optIn?: "pending" | "confirmed";
  optInAt?: string;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEL_RE = /^[+()\d\s.-]{5,30}$/;

/** The thank-you text of a form on a published page (the page's own words, never the URL's). */
export async function formThanks(slug: string, blockId: string): Promise<string> {
  const site = await getSite(slug);
  const form = site && blockHasForm(site.content, blockId);
  const sent = t(site?.content.locale ?? "en", "site.thanksBody");
  return form ? form.props.successMessage || sent : sent;
}

/**
 * Validate and store a submission to form block `blockId` of the site at `slug`. Returns null
 * when the honeypot was filled (the bot is told it worked; nothing is stored).
 */
export async function submitLead(
  slug: string,
  blockId: string,
  input: Record<string, unknown>,
  ip: string,
  source?: LeadSource,
  userAgent = "",
): Promise<Lead | null> {
  const visitor = { ip, ua: userAgent }; // an experiment's conversion follows its assignment
  const site = await getSite(slug);
  const form = site &&
    (blockHasForm(site.content, blockId) ??
      await variantForm(site.pageId, input._variant, blockId, visitor));
  if (!site || !form) throw notFound("Form");
  if (typeof input._hp === "string" && input._hp.trim() !== "") {
    return null;
  }
  await hit(rules.formPost(), `${addressSubject(ip)}:${slug}`);
  const data: Record<string, string> = {};
  const fields: Record<string, string> = {};
  const locale = site.content.locale ?? "en"; // the visitor reads the page's language
  for (const f of form.props.fields) {
    // Own properties only: a field named `constructor` or `toString` that the body leaves out is
    // absent, not Object.prototype's function.
    const raw = Object.hasOwn(input, f.name) ? input[f.name] : undefined;
    let value = typeof raw === "string"
      ? raw.trim()
      : typeof raw === "boolean"
      ? (raw ? "yes" : "")
      : "";
    if (raw !== undefined && typeof raw !== "string" && typeof raw !== "boolean") {
      fields[f.name] = t(locale, "site.fieldText");
      continue;
    }
    if (f.type === "checkbox" && value && value !== "no") value = "yes";
    if (value.length > (f.type === "textarea" ? 5000 : 500)) {
      fields[f.name] = t(locale, "site.fieldTooLong");
    } else if (!value) {
      if (f.required) fields[f.name] = t(locale, "site.fieldRequired", { label: f.label });
    } else if (f.type === "email" && !EMAIL_RE.test(value)) {
      fields[f.name] = t(locale, "site.fieldEmail");
    } else if (f.type === "tel" && !TEL_RE.test(value)) fields[f.name] = t(locale, "site.fieldTel");
    else if (f.type === "select" && f.options && !f.options.includes(value)) {
      fields[f.name] = t(locale, "site.fieldOption");
    }
    if (value) data[f.name] = value;
  }
  if (Object.keys(fields).length) throw invalid(t(locale, "site.fieldsInvalid"), fields);
  const consent = consentOf(form, input, locale); // 422 without a required consent box

  const lead: Lead = {
    id: newId(),
    pageId: site.pageId,
    blockId,
    data,
    status: "new",
    tags: [],
    submittedAt: nowIso(),
    ...(source ? { source } : {}),
    ...consent,
  };
  const page = await getPage(site.pageId);
  if (!page) throw notFound("Form");
  // Only sums and fresh keys: concurrent submissions to one page never conflict.
  const op = kv().atomic().set(keys.lead(page.id, lead.id), lead);
  noteLeadFields(op, page.id, data);
  addToCounter(op, keys.pageLeadCount(page.id), 1);
  bumpStats(op, { leads: 1 });
  bumpPageStat(op, page, "leads", 1);
  if (source) countLead(op, page.id, source);
  const owner = await notifierFor(page.ownerId);
  addEvent(op, userTopic(page.ownerId), "lead", {
    title: owner.t("server.notif.lead.title", { page: page.name }),
    body: data.email ?? data.name ?? Object.values(data)[0] ?? "",
    href: `/pages/${page.id}/leads`,
    pageId: page.id,
    at: lead.submittedAt,
  });
  await queueLeadMail(op, form, lead, locale); // notifications and autoresponder (rules.ts)
  await queueLeadEvent(op, page, lead, "lead.created"); // webhooks, in the lead's own commit
  await countConversion(op, page.id, visitor); // the assigned variant's conversion, same commit
  if (!(await op.commit()).ok) throw new AppError(503, "unavailable", "Please submit again");
  return lead;
}

/** Leads read by one filtered list request at most. */
export const FILTER_SCAN = 5000;

export async function listLeads(
  userId: string,
  pageId: string,
  opts: { q?: string; status?: string; limit?: string; cursor?: string },
): Promise<Paged<Lead>> {
  await getOwnPage(userId, pageId);
  const limit = parseLimit(opts.limit);
  const q = opts.q?.trim().toLowerCase();
  if (!q && !opts.status) {
    return await listKvPage<Lead>(keys.leads(pageId), { limit, cursor: opts.cursor });
  }
  // Filtered views scan the page's leads (bounded by what one page collects); their cursor is the
  // last lead id shown.
  const after = idCursor(opts.cursor);
  const items: Lead[] = [];
  const selector = after
    ? { prefix: keys.leads(pageId), end: keys.lead(pageId, after) }
    : { prefix: keys.leads(pageId) };
  // At most FILTER_SCAN leads are read per request: a rare match gives a short page whose cursor
  // carries on from the last lead read, so no request reads a whole big page's leads.
  let read = 0;
  let last: string | null = null; // the last lead examined: the next page starts below it
  for await (const e of kv().list<Lead>(selector, { reverse: true, batchSize: 500 })) {
    const lead = e.value;
    if (++read > FILTER_SCAN) return { items, cursor: last };
    last = lead.id;
    if (opts.status && lead.status !== opts.status) continue;
    if (q && !matches(lead, q)) continue;
    items.push(lead);
    if (items.length === limit) return { items, cursor: lead.id };
  }
  return { items, cursor: null };
}

function matches(lead: Lead, q: string) {
  return Object.values(lead.data).some((v) => v.toLowerCase().includes(q)) ||
    lead.tags.some((t) => t.toLowerCase().includes(q));
}

export const leadPatchSchema = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
});

export async function updateLead(
  userId: string,
  pageId: string,
  leadId: string,
  patch: z.infer<typeof leadPatchSchema>,
): Promise<Lead> {
  const page = await getOwnPage(userId, pageId);
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Lead>(keys.lead(pageId, leadId));
    if (!entry.value) throw notFound("Lead");
    const next: Lead = {
      ...entry.value,
      status: patch.status ?? entry.value.status,
      tags: patch.tags ? [...new Set(patch.tags)] : entry.value.tags,
    };
    if (JSON.stringify(next) === JSON.stringify(entry.value)) return noCommit(next);
    op.check(entry).set(keys.lead(pageId, leadId), next);
    await queueLeadEvent(op, page, next, "lead.updated");
    return next;
  });
}

export { backfillLeadFields, leadsCsv, leadsCsvStream, noteLeadFields } from "./csv.ts";
export {
  confirmOptIn,
  confirmRecipient,
  optInStatus,
  recipientStatus,
  sendLeadDigest,
} from "./rules.ts";
