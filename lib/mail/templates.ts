// Every email the app sends, in one place: a clean HTML layout (inline styles, since mail clients
// drop <style> blocks and external sheets) and a plain-text part with the same words, so the
// message goes out as multipart/alternative. Callers pass plain strings; everything user-supplied
// is escaped here, once. Every message is in the recipient's language (`locale`, English by
// default): its words come from lib/i18n/areas/mail.ts; seller-written text is left as written.
import { areaT } from "../i18n/area.ts";
import { mail as mailArea } from "../i18n/areas/mail.ts";
import type { Locale } from "../i18n/index.ts";

/** The mail area's translator for `locale`. */
export const mailT = (locale: Locale) => areaT(mailArea, locale);

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailBody {
  /** The heading at the top of the message (defaults to the subject). */
  heading?: string;
  /** Paragraphs of plain text (escaped; URLs become links in the HTML part). */
  paragraphs: string[];
  /** One call to action, rendered as a button (and as "label: url" in the text part). */
  button?: { label: string; url: string };
  /** Key/value rows (a lead's fields), shown as a table. */
  rows?: [string, string][];
  /** Small print under the message (why they got it; the unsubscribe link). */
  footer?: string[];
  /** Ready-made, already-safe HTML for the middle of the message (campaign bodies). */
  bodyHtml?: string;
  /** The plain-text twin of `bodyHtml`. */
  bodyText?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Escape, then turn http(s) URLs into links and line breaks into <br>. */
function richText(s: string): string {
  return escapeHtml(s)
    .replace(
      /https?:\/\/[^\s<]+/g,
      (url) => `<a href="${url}" style="color:#4f46e5">${url}</a>`,
    )
    .replace(/\n/g, "<br>");
}

const FONT = "font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif";

/** The one layout: a centred white card on a light grey background. */
export function renderEmail(
  subject: string,
  body: EmailBody,
  locale: Locale = "en",
): EmailContent {
  const heading = body.heading ?? subject;
  const parts: string[] = [];
  const text: string[] = [heading, ""];
  for (const p of body.paragraphs) {
    parts.push(`<p style="margin:0 0 16px;line-height:1.55">${richText(p)}</p>`);
    text.push(p, "");
  }
  if (body.bodyHtml !== undefined) {
    parts.push(`<div style="line-height:1.55">${body.bodyHtml}</div>`);
    text.push(body.bodyText ?? "", "");
  }
  if (body.rows?.length) {
    parts.push(
      `<table role="presentation" style="border-collapse:collapse;width:100%;margin:0 0 16px">` +
        body.rows.map(([k, v]) =>
          `<tr><td style="padding:6px 8px;border-bottom:1px solid #e5e7eb;color:#6b7280;` +
          `vertical-align:top;white-space:nowrap">${escapeHtml(k)}</td>` +
          `<td style="padding:6px 8px;border-bottom:1px solid #e5e7eb">${richText(v)}</td></tr>`
        ).join("") + `</table>`,
    );
    for (const [k, v] of body.rows) text.push(`${k}: ${v}`);
    text.push("");
  }
  if (body.button) {
    const url = escapeHtml(body.button.url);
    parts.push(
      `<p style="margin:8px 0 20px"><a href="${url}" style="display:inline-block;` +
        `background:#4f46e5;color:#ffffff;text-decoration:none;padding:10px 18px;` +
        `border-radius:6px;font-weight:600">${escapeHtml(body.button.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:12px;color:#6b7280">${
          escapeHtml(mailT(locale)("mail.orOpen"))
        } ${richText(body.button.url)}</p>`,
    );
    text.push(`${body.button.label}: ${body.button.url}`, "");
  }
  const footer = body.footer ?? [];
  if (footer.length) text.push("--", ...footer);
  const html = `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:24px 12px;background:#f3f4f6;${FONT};color:#111827">` +
    `<table role="presentation" width="100%" style="max-width:600px;margin:0 auto;` +
    `border-collapse:collapse"><tr><td style="padding:0 0 12px;font-weight:700;color:#4f46e5">` +
    `LandingHub</td></tr><tr><td style="background:#ffffff;border-radius:8px;padding:28px">` +
    `<h1 style="margin:0 0 18px;font-size:20px">${escapeHtml(heading)}</h1>${parts.join("")}` +
    `</td></tr>` +
    (footer.length
      ? `<tr><td style="padding:14px 4px;font-size:12px;color:#6b7280;line-height:1.5">` +
        footer.map(richText).join("<br>") + `</td></tr>`
      : "") +
    `</table></body></html>`;
  return { subject, text: text.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n", html };
}

/**
 * A message that so far was plain text (receipts, notices): paragraphs split at blank lines.
 * Used by sendMail for callers that pass only text, so every message has an HTML part.
 */
export function plainNotice(subject: string, text: string, locale: Locale = "en"): EmailContent {
  return renderEmail(subject, {
    paragraphs: text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
  }, locale);
}

// --- The app's messages -------------------------------------------------------------------

export function verificationEmail(name: string, link: string, locale: Locale = "en"): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.verify.subject"), {
    heading: tr("mail.verify.heading"),
    paragraphs: [tr("mail.hi", { name }), tr("mail.verify.body")],
    button: { label: tr("mail.verify.button"), url: link },
    footer: [tr("mail.verify.footer")],
  }, locale);
}

export function resetEmail(
  name: string,
  link: string,
  minutes: number,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.reset.subject"), {
    heading: tr("mail.reset.heading"),
    paragraphs: [tr("mail.hi", { name }), tr("mail.reset.body")],
    button: { label: tr("mail.reset.button"), url: link },
    footer: [tr("mail.reset.footer", { minutes })],
  }, locale);
}

/** A receipt; `price` and `date` come formatted for `locale` (formatMoneyIn, formatDateIn). */
export function receiptEmail(
  title: string,
  price: string,
  orderId: string,
  date: string,
  button: { label: string; url: string },
  licence?: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.receipt.subject", { title }), {
    heading: tr("mail.receipt.heading"),
    paragraphs: [tr("mail.receipt.body")],
    rows: [
      [tr("mail.receipt.item"), title],
      [tr("mail.receipt.price"), price],
      [tr("mail.receipt.licence"), licence ?? tr("mail.receipt.personal")],
      [tr("mail.receipt.order"), orderId],
      [tr("mail.receipt.date"), date],
    ],
    button,
  }, locale);
}

export function newLeadEmail(
  pageName: string,
  fields: Record<string, string>,
  leadsUrl: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.lead.subject", { page: pageName }), {
    heading: tr("mail.lead.heading"),
    paragraphs: [tr("mail.lead.body", { page: pageName })],
    rows: Object.entries(fields),
    button: { label: tr("mail.lead.button"), url: leadsUrl },
  }, locale);
}

/** `day` is the digest's day as written for `locale` (the caller formats it). */
export function leadDigestEmail(
  day: string,
  leads: { pageName: string; fields: Record<string, string> }[],
  dashboardUrl: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const count = leads.length;
  return renderEmail(tr("mail.digest.subject", { count, day }), {
    heading: tr("mail.digest.heading", { day }),
    paragraphs: [tr("mail.digest.body", { count, day })],
    rows: leads.map((l, i) => [
      `${i + 1}. ${l.pageName}`,
      Object.entries(l.fields).map(([k, v]) => `${k}: ${v}`).join("\n"),
    ]),
    button: { label: tr("mail.digest.button"), url: dashboardUrl },
  }, locale);
}

export function recipientConfirmEmail(
  pageName: string,
  link: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.recipient.subject", { page: pageName }), {
    heading: tr("mail.recipient.heading"),
    paragraphs: [tr("mail.recipient.body", { page: pageName }), tr("mail.recipient.body2")],
    button: { label: tr("mail.recipient.button"), url: link },
    footer: [tr("mail.recipient.footer")],
  }, locale);
}

/** `amount` comes formatted for `locale`; `destination` null: "your payout account". */
export function payoutPaidEmail(
  amount: string,
  reference: string,
  destination: string | null,
  salesUrl: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.payout.subject", { amount }), {
    heading: tr("mail.payout.heading"),
    paragraphs: [tr("mail.payout.body", { amount })],
    rows: [
      [tr("mail.payout.amount"), amount],
      [tr("mail.payout.to"), destination ?? tr("mail.payout.yourAccount")],
      [tr("mail.payout.reference"), reference],
    ],
    button: { label: tr("mail.payout.button"), url: salesUrl },
    footer: [tr("mail.payout.footer")],
  }, locale);
}

/** Replace {{field}} in `template` with the lead's values (as plain text: escaped later). */
export function fillPlaceholders(template: string, fields: Record<string, string>): string {
  return template.replace(
    /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g,
    (_, name: string) => Object.hasOwn(fields, name) ? fields[name] : "",
  );
}

export function autoresponderEmail(
  subjectTemplate: string,
  bodyTemplate: string,
  fields: Record<string, string>,
  confirmLink: string | null,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const subject = fillPlaceholders(subjectTemplate, fields).replace(/[\r\n]+/g, " ").trim();
  // A double opt-in with no text written by the seller gets the default one, in the page's language.
  const body = bodyTemplate.trim() ? bodyTemplate : confirmLink ? tr("mail.auto.optInBody") : "";
  return renderEmail(
    subject || tr(confirmLink ? "mail.auto.optInSubject" : "mail.auto.subject"),
    {
      paragraphs: fillPlaceholders(body, fields).split(/\n{2,}/).map((p) => p.trim())
        .filter(Boolean),
      button: confirmLink ? { label: tr("mail.auto.confirmButton"), url: confirmLink } : undefined,
      footer: confirmLink ? [tr("mail.auto.confirmFooter")] : undefined,
    },
    locale,
  );
}

/**
 * The small campaign editor's markup: paragraphs split by blank lines, **bold**, and
 * [text](https://link). Everything else is text. Returns the HTML and the plain-text twin.
 */
export function campaignMarkup(body: string): { html: string; text: string } {
  const paragraphs = body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const html = paragraphs.map((p) => {
    let h = escapeHtml(p);
    h = h.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    h = h.replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_, label: string, url: string) => `<a href="${url}" style="color:#4f46e5">${label}</a>`,
    );
    return `<p style="margin:0 0 16px">${h.replace(/\n/g, "<br>")}</p>`;
  }).join("");
  const text = paragraphs.map((p) =>
    p.replace(/\*\*([^*]+)\*\*/g, "$1").replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      "$1 ($2)",
    )
  ).join("\n\n");
  return { html, text };
}

export function campaignEmail(
  subject: string,
  body: string,
  fields: Record<string, string>,
  unsubscribeUrl: string,
  sender: string,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const { html, text } = campaignMarkup(fillPlaceholders(body, fields));
  // The seller's words stay as written; only the footer is in the page's language.
  return renderEmail(fillPlaceholders(subject, fields).replace(/[\r\n]+/g, " ").trim(), {
    paragraphs: [],
    bodyHtml: html,
    bodyText: text,
    footer: [
      tr("mail.campaign.why", { sender }),
      tr("mail.campaign.unsubscribe", { url: unsubscribeUrl }),
    ],
  }, locale);
}
