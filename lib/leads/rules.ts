// What happens around a new lead, by the form block's settings: the consent checkbox (refused
// without it when required; its text and time stored with the lead), the emails about the lead
// (to the owner and to extra addresses that confirmed by link; at once or as one daily digest per
// address), and the autoresponder to the lead (with {{field}} placeholders, optionally asking
// them to confirm their subscription: double opt-in). All mail goes through the queue; a retried
// job does not mail twice (sendMail's `once` keys).
import { config } from "../config.ts";
import type { BlockOf } from "../blocks.ts";
import { invalid, notFound } from "../http/index.ts";
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { getPage } from "../pages/index.ts";
import { defineJob } from "../queue/index.ts";
import { getUser, getUserByEmail } from "../auth/index.ts";
import {
  autoresponderEmail,
  leadDigestEmail,
  linkUrl,
  mailLocale,
  newLeadEmail,
  queueMail,
  recipientConfirmEmail,
  sendMail,
  signLink,
  verifyLink,
} from "../mail/index.ts";
import type { Lead } from "./index.ts";
import { formatDateIn, isLocale, type Locale, t } from "../i18n/index.ts";

type FormProps = BlockOf<"form">["props"];

export interface NotifyRules {
  owner: boolean;
  emails: string[];
  mode: "instant" | "digest";
}

/** The consent and opt-in state a new lead starts with; a 422 when required consent is missing. */
export function consentOf(
  form: { props: Partial<FormProps> },
  input: Record<string, unknown>,
  locale: Locale = "en",
): Pick<Lead, "consent" | "optIn"> {
  const p = form.props;
  let consent: Lead["consent"];
  if (p.consentText) {
    const raw = Object.hasOwn(input, "_consent") ? input._consent : undefined;
    const ticked = raw === true ||
      (typeof raw === "string" && ["yes", "on", "true", "1"].includes(raw.trim().toLowerCase()));
    if (ticked) consent = { text: p.consentText, at: nowIso() };
    else if (p.consentRequired) {
      throw invalid("Please tick the consent box to send the form", {
        _consent: t(locale, "site.consent"),
      });
    }
  }
  // Double opt-in asks whoever may be subscribed (ticked the box, or a form without one).
  const optIn = p.doubleOptIn && (consent || !p.consentText) ? "pending" as const : undefined;
  return { ...(consent ? { consent } : {}), ...(optIn ? { optIn } : {}) };
}

const notifyJob = defineJob<{ pageId: string; leadId: string; rules?: NotifyRules }>(
  "lead.notify",
  async ({ pageId, leadId, rules }) => {
    await notifyLead(pageId, leadId, rules ?? { owner: true, emails: [], mode: "instant" });
  },
);

const autoReplyJob = defineJob<
  { pageId: string; leadId: string; subject: string; body: string; locale?: Locale }
>(
  "lead.autoreply",
  async ({ pageId, leadId, subject, body, locale }) => {
    const lead = (await kv().get<Lead>(keys.lead(pageId, leadId))).value;
    const to = lead && leadAddress(lead);
    if (!lead || !to) return;
    const confirm = lead.optIn === "pending"
      ? linkUrl("confirm", await signLink("optin", { p: pageId, l: leadId }))
      : null;
    await sendMail(
      {
        // In the published page's language (the seller's own text stays as written).
        ...autoresponderEmail(subject, body, lead.data, confirm, isLocale(locale) ? locale : "en"),
        to,
      },
      { once: `autoreply:${leadId}` },
    );
  },
);

const digestJob = defineJob<{ day: string; email: string }>(
  "lead.digest",
  async ({ day, email }) => {
    await sendLeadDigest(day, email);
  },
);

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function leadAddress(lead: Lead): string | null {
  if (lead.data.email && EMAIL_RE.test(lead.data.email)) return lead.data.email;
  return Object.values(lead.data).find((v) => EMAIL_RE.test(v)) ?? null;
}

/**
 * Queue the emails about a new lead inside `op`, the commit that stores it: the notification
 * job (with the form's rules as they were when the visitor saw the form) and the autoresponder.
 */
export async function queueLeadMail(
  op: Deno.AtomicOperation,
  form: { props: Partial<FormProps> },
  lead: Lead,
  locale: Locale = "en",
) {
  const p = form.props;
  const rules: NotifyRules = {
    owner: p.notifyOwner ?? true,
    emails: [...new Set((p.notifyEmails ?? []).map((e) => e.trim().toLowerCase()))],
    mode: p.notifyMode === "digest" ? "digest" : "instant",
  };
  if (rules.owner || rules.emails.length) {
    await notifyJob({ pageId: lead.pageId, leadId: lead.id, rules }, { atomic: op });
  }
  // The double opt-in link goes out in the autoresponder (a default one when none is written).
  if ((p.autoReply || lead.optIn === "pending") && leadAddress(lead)) {
    await autoReplyJob({
      pageId: lead.pageId,
      leadId: lead.id,
      // Empty: the default opt-in text, in the page's language (autoresponderEmail).
      subject: (p.autoReply && p.autoReplySubject) || "",
      body: (p.autoReply && p.autoReplyBody) || "",
      locale,
    }, { atomic: op });
  }
}

async function notifyLead(pageId: string, leadId: string, rules: NotifyRules) {
  const page = await getPage(pageId);
  const lead = (await kv().get<Lead>(keys.lead(pageId, leadId))).value;
  if (!page || !lead) return;
  const owner = await getUser(page.ownerId);
  if (!owner) return;
  const to: string[] = [];
  if (rules.owner) to.push(owner.email.toLowerCase());
  for (const email of rules.emails) {
    if (to.includes(email)) continue;
    if (
      email === owner.email.toLowerCase() ||
      await recipientReady(owner.id, email, page.name, mailLocale(owner))
    ) {
      to.push(email);
    }
  }
  for (const email of to) {
    if (rules.mode === "digest") await addToDigest(email, page.name, lead);
    else {
      const url = `${config().appOrigin}/pages/${page.id}/leads`;
      // The owner's language (an extra address too: the owner chose it for their team).
      await sendMail(
        { ...newLeadEmail(page.name, lead.data, url, mailLocale(owner)), to: email },
        { once: `lead:${lead.id}:${email}` },
      );
    }
  }
}

interface RecipientRecord {
  status: "pending" | "verified";
  requestedAt: string;
  verifiedAt: string | null;
}

/**
 * Whether the owner's extra address confirmed it wants lead emails. The first time it is named,
 * it is sent the confirmation link (once) and gets nothing until it confirms.
 */
async function recipientReady(ownerId: string, email: string, pageName: string, locale: Locale) {
  const key = keys.leadRecipient(ownerId, email);
  return await retryAtomic(async (op) => {
    const entry = await kv().get<RecipientRecord>(key);
    if (entry.value) return noCommit(entry.value.status === "verified");
    op.check(entry).set(key, { status: "pending", requestedAt: nowIso(), verifiedAt: null });
    const link = linkUrl("recipient", await signLink("recipient", { o: ownerId, e: email }));
    await queueMail(op, { ...recipientConfirmEmail(pageName, link, locale), to: email });
    return false;
  });
}

/** The extra recipient a confirmation token names, or a 404 for a forged one. */
async function readRecipientToken(token: string) {
  const data = await verifyLink("recipient", token);
  if (!data?.o || !data.e) throw notFound("Link");
  return { ownerId: data.o, email: data.e };
}

export async function recipientStatus(token: string) {
  const { ownerId, email } = await readRecipientToken(token);
  const rec = (await kv().get<RecipientRecord>(keys.leadRecipient(ownerId, email))).value;
  return { email, verified: rec?.status === "verified" };
}

/** The address confirms it wants lead emails (from the link it was sent). */
export async function confirmRecipient(token: string) {
  const { ownerId, email } = await readRecipientToken(token);
  const key = keys.leadRecipient(ownerId, email);
  await retryAtomic(async (op) => {
    const entry = await kv().get<RecipientRecord>(key);
    if (entry.value?.status === "verified") return noCommit(null);
    op.check(entry).set(key, {
      status: "verified",
      requestedAt: entry.value?.requestedAt ?? nowIso(),
      verifiedAt: nowIso(),
    });
    return null;
  });
  return { email, verified: true };
}

/** The lead a double opt-in token names, or a 404. */
async function readOptInToken(token: string) {
  const data = await verifyLink("optin", token);
  if (!data?.p || !data.l) throw notFound("Link");
  const lead = (await kv().get<Lead>(keys.lead(data.p, data.l))).value;
  if (!lead) throw notFound("Link");
  return lead;
}

export async function optInStatus(token: string) {
  const lead = await readOptInToken(token);
  return { confirmed: lead.optIn === "confirmed" };
}

/** The lead confirms the subscription (double opt-in): from now on campaigns may reach them. */
export async function confirmOptIn(token: string) {
  const found = await readOptInToken(token);
  const key = keys.lead(found.pageId, found.id);
  await retryAtomic(async (op) => {
    const entry = await kv().get<Lead>(key);
    if (!entry.value) throw notFound("Link");
    if (entry.value.optIn !== "pending") return noCommit(null);
    const at = nowIso();
    op.check(entry).set(key, {
      ...entry.value,
      optIn: "confirmed",
      optInAt: at,
      // Confirming by the emailed link is consent in itself (a form without a checkbox).
      consent: entry.value.consent ?? { text: "Confirmed the subscription by email", at },
    });
    return null;
  });
  return { confirmed: true };
}

/** Milliseconds from `now` to a few minutes after the next midnight UTC (the digest's time). */
function untilDigestTime(now = Date.now()) {
  const next = new Date(now);
  next.setUTCHours(24, 5, 0, 0);
  return next.getTime() - now;
}

/** Note the lead for `email`'s digest of its day; the first lead of a day queues the digest. */
async function addToDigest(email: string, pageName: string, lead: Lead) {
  const day = lead.submittedAt.slice(0, 10);
  const queued = keys.leadDigestQueued(day, email);
  await retryAtomic(async (op) => {
    const entry = await kv().get(queued);
    const ttl = { expireIn: 7 * 24 * 3600 * 1000 };
    op.set(keys.leadDigestItem(day, email, lead.id), { pageName, fields: lead.data }, ttl);
    if (entry.value === null) {
      op.check(entry).set(queued, true, ttl);
      await digestJob({ day, email }, { atomic: op, delayMs: untilDigestTime() });
    }
    return null;
  });
}

/**
 * Send `email` its digest of `day`: one message with every lead noted for it, at most once per
 * address and day (the "sent" marker is in the commit that queues the message). Returns whether
 * a message was queued.
 */
export async function sendLeadDigest(day: string, email: string): Promise<boolean> {
  const leads: { pageName: string; fields: Record<string, string> }[] = [];
  for await (
    const e of kv().list<{ pageName: string; fields: Record<string, string> }>(
      { prefix: keys.leadDigestItems(day, email) },
      { limit: 200 },
    )
  ) leads.push(e.value);
  if (!leads.length) return false;
  const sentKey = keys.leadDigestSent(day, email);
  // The address's own language when it has an account, else English.
  const lang = mailLocale(await getUserByEmail(email));
  const op = kv().atomic().check({ key: sentKey, versionstamp: null })
    .set(sentKey, nowIso(), { expireIn: 30 * 24 * 3600 * 1000 });
  await queueMail(op, {
    ...leadDigestEmail(
      formatDateIn(`${day}T00:00:00Z`, lang),
      leads,
      `${config().appOrigin}/dashboard`,
      lang,
    ),
    to: email,
  });
  return (await op.commit()).ok;
}
