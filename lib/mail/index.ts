// Outgoing email: every message is stored (the outbox), then delivered by a queued job through
// SMTP when SMTP_URL is set, or kept for the dev mailbox page otherwise.
import nodemailer from "nodemailer";
import { config } from "../config.ts";
import { keys, kv, listKvPage, newId, nowIso } from "../kv/index.ts";
import { defineJob } from "../queue/index.ts";

export interface MailRecord {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: "queued" | "sent" | "dev_mailbox" | "failed";
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

let transport: ReturnType<typeof nodemailer.createTransport> | null = null;

const deliver = defineJob<{ mailId: string }>(
  "mail.send",
  async ({ mailId }) => {
    const entry = await kv().get<MailRecord>(keys.mail(mailId));
    const mail = entry.value;
    if (
      !mail || mail.status === "sent" || mail.status === "dev_mailbox"
    ) return;
    const smtpUrl = config().smtpUrl;
    if (smtpUrl) {
      transport ??= nodemailer.createTransport(smtpUrl);
      await transport.sendMail({
        from: config().mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    }
    await kv().set(keys.mail(mailId), {
      ...mail,
      status: smtpUrl ? "sent" : "dev_mailbox",
      sentAt: nowIso(),
    });
  },
);

export async function sendMail(
  input: { to: string; subject: string; text: string },
) {
  const mail: MailRecord = {
    id: newId(),
    ...input,
    status: "queued",
    error: null,
    createdAt: nowIso(),
    sentAt: null,
  };
  const op = kv().atomic().set(keys.mail(mail.id), mail, {
    expireIn: 30 * 24 * 3600 * 1000,
  });
  await deliver({ mailId: mail.id }, { atomic: op });
  await op.commit();
  return mail;
}

export function listMail(
  opts: { limit?: number; cursor?: string | null } = {},
) {
  return listKvPage<MailRecord>(keys.mailAll(), opts);
}
