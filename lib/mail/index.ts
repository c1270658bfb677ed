// Outgoing email: every message is stored (the outbox), then delivered by a queued job through
// SMTP when SMTP_URL is set, or kept for the dev mailbox page otherwise. Every message has an
// HTML and a plain-text part (templates.ts), sent as multipart/alternative.
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { config } from "../config.ts";
import { keys, kv, listKvPage, newId, nowIso } from "../kv/index.ts";
import { defineJob } from "../queue/index.ts";
import { type EmailContent, plainNotice } from "./templates.ts";

export * from "./templates.ts";
export * from "./notices.ts";

export interface MailRecord {
  id: string;
  to: string;
  subject: string;
  text: string;
  /** Absent on records written before HTML mail. */
  html?: string;
  /** Extra headers (List-Unsubscribe on campaigns). */
  headers?: Record<string, string>;
  /** What sent it, e.g. "campaign:<id>" (the campaign counts and tests read it). */
  tag?: string;
  status: "queued" | "sent" | "dev_mailbox" | "failed";
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface MailInput {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  tag?: string;
}

const MAIL_TTL_MS = 30 * 24 * 3600 * 1000;

// One transport per SMTP_URL (a restarted server in the same process may point elsewhere).
let transport: { url: string; t: ReturnType<typeof nodemailer.createTransport> } | null = null;

function message(mail: MailRecord) {
  return {
    from: config().mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
  };
}

/** The message as it goes over SMTP (MIME), for the dev mailbox's "raw" view. */
export async function rawMessage(mail: MailRecord): Promise<string> {
  const buf: Uint8Array = await new MailComposer(message(mail)).compile().build();
  return new TextDecoder().decode(buf);
}

/**
 * Hand one message to SMTP now (or to the dev mailbox when SMTP_URL is unset). Throws when the
 * SMTP server refuses it. Returns the status to store.
 */
export async function transmit(mail: MailRecord): Promise<"sent" | "dev_mailbox"> {
  const smtpUrl = config().smtpUrl;
  if (!smtpUrl) return "dev_mailbox";
  if (transport?.url !== smtpUrl) {
    transport = { url: smtpUrl, t: nodemailer.createTransport(smtpUrl) };
  }
  await transport.t.sendMail(message(mail));
  return "sent";
}

const deliver = defineJob<{ mailId: string }>(
  "mail.send",
  async ({ mailId }) => {
    const entry = await kv().get<MailRecord>(keys.mail(mailId));
    const mail = entry.value;
    if (
      !mail || mail.status === "sent" || mail.status === "dev_mailbox"
    ) return;
    const status = await transmit(mail);
    await kv().set(keys.mail(mailId), { ...mail, status, sentAt: nowIso() }, {
      expireIn: MAIL_TTL_MS,
    });
  },
);

/** A new outbox record; text-only input gets its HTML part from the plain layout. */
export function newMail(input: MailInput): MailRecord {
  const html = input.html ?? plainNotice(input.subject, input.text).html;
  return {
    id: newId(),
    ...input,
    html,
    status: "queued",
    error: null,
    createdAt: nowIso(),
    sentAt: null,
  };
}

/** Store `mail` (already delivered or not) in the outbox inside `op`. */
export function storeMail(op: Deno.AtomicOperation, mail: MailRecord) {
  op.set(keys.mail(mail.id), mail, { expireIn: MAIL_TTL_MS });
}

/** Add a message and its delivery job to `op` (sent only if `op` commits). */
export async function queueMail(op: Deno.AtomicOperation, input: MailInput) {
  const mail = newMail(input);
  storeMail(op, mail);
  await deliver({ mailId: mail.id }, { atomic: op });
  return mail;
}

/**
 * Queue a message. With `once`, a message with the same key is queued at most once (a retried
 * job that sends mail does not send it twice): returns null when it already was.
 */
export async function sendMail(
  input: MailInput | (EmailContent & { to: string }),
  opts: { once?: string } = {},
): Promise<MailRecord | null> {
  const op = kv().atomic();
  if (opts.once) {
    op.check({ key: keys.mailOnce(opts.once), versionstamp: null })
      .set(keys.mailOnce(opts.once), true, { expireIn: MAIL_TTL_MS });
  }
  const mail = await queueMail(op, input);
  if (!(await op.commit()).ok) {
    if (opts.once) return null;
    throw new Error("mail: commit failed");
  }
  return mail;
}

export function listMail(
  opts: { limit?: number; cursor?: string | null } = {},
) {
  return listKvPage<MailRecord>(keys.mailAll(), opts);
}

export async function getMail(id: string): Promise<MailRecord | null> {
  return (await kv().get<MailRecord>(keys.mail(id))).value;
}
export * from "./links.ts";
