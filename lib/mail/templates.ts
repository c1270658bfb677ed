// Every email the app sends, in one place: a clean HTML layout (inline styles, since mail clients
// drop <style> blocks and external sheets) and a plain-text part with the same words, so the
// message goes out as multipart/alternative. Callers pass plain strings; everything user-supplied
// is escaped here, once.
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
export function renderEmail(subject: string, body: EmailBody): EmailContent {
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
        `<p style="margin:0 0 16px;font-size:12px;color:#6b7280">Or open: ${
          richText(body.button.url)
        }</p>`,
    );
    text.push(`${body.button.label}: ${body.button.url}`, "");
  }
  const footer = body.footer ?? [];
  if (footer.length) text.push("--", ...footer);
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
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
export function plainNotice(subject: string, text: string): EmailContent {
  return renderEmail(subject, {
    paragraphs: text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
  });
}

// --- The app's messages -------------------------------------------------------------------

export function verificationEmail(name: string, link: string): EmailContent {
  return renderEmail("Confirm your LandingHub email", {
    heading: "Confirm your email",
    paragraphs: [`Hi ${name},`, "Confirm your email address with the button below."],
    button: { label: "Confirm email", url: link },
    footer: ["The link works for 48 hours. If you did not sign up, ignore this email."],
  });
}

export function resetEmail(name: string, link: string, minutes: number): EmailContent {
  return renderEmail("Reset your LandingHub password", {
    heading: "Reset your password",
    paragraphs: [`Hi ${name},`, "Someone (hopefully you) asked to reset your password."],
    button: { label: "Choose a new password", url: link },
    footer: [`The link works for ${minutes} minutes. If you did not ask, ignore this email.`],
  });
}

export function receiptEmail(
  title: string,
  price: string,
  orderId: string,
  date: string,
  button: { label: string; url: string },
  licence = "Personal use",
): EmailContent {
  return renderEmail(`Your receipt: ${title}`, {
    heading: "Thank you for your purchase",
    paragraphs: ["Your editable copy is ready."],
    rows: [["Item", title], ["Price", price], ["Licence", licence], ["Order", orderId], [
      "Date",
      date,
    ]],
    button,
  });
}

export function newLeadEmail(
  pageName: string,
  fields: Record<string, string>,
  leadsUrl: string,
): EmailContent {
  return renderEmail(`New lead on "${pageName}"`, {
    heading: "You have a new lead",
    paragraphs: [`Someone filled in the form on ${pageName}:`],
    rows: Object.entries(fields),
    button: { label: "See all leads", url: leadsUrl },
  });
}

export function leadDigestEmail(
  day: string,
  leads: { pageName: string; fields: Record<string, string> }[],
  dashboardUrl: string,
): EmailContent {
  return renderEmail(`${leads.length} new lead${leads.length === 1 ? "" : "s"} on ${day}`, {
    heading: `Your leads of ${day}`,
    paragraphs: [`${leads.length} new lead${leads.length === 1 ? "" : "s"} arrived on ${day}.`],
    rows: leads.map((l, i) => [
      `${i + 1}. ${l.pageName}`,
      Object.entries(l.fields).map(([k, v]) => `${k}: ${v}`).join("\n"),
    ]),
    button: { label: "Open LandingHub", url: dashboardUrl },
  });
}

export function recipientConfirmEmail(pageName: string, link: string): EmailContent {
  return renderEmail(`Receive leads from "${pageName}"?`, {
    heading: "Confirm you want these emails",
    paragraphs: [
      `The owner of the page ${pageName} on LandingHub asked to send its new leads to this address.`,
      "Nothing is sent to you until you confirm.",
    ],
    button: { label: "Yes, send me the leads", url: link },
    footer: ["If you do not know this page, ignore this email."],
  });
}

export function payoutPaidEmail(
  amount: string,
  reference: string,
  destination: string,
  salesUrl: string,
): EmailContent {
  return renderEmail(`Your payout of ${amount} was sent`, {
    heading: "Your payout is on its way",
    paragraphs: [`We sent ${amount} to your payout account.`],
    rows: [["Amount", amount], ["To", destination], ["Reference", reference]],
    button: { label: "See your sales", url: salesUrl },
    footer: ["Quote the reference if you ask your bank or us about this payout."],
  });
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
): EmailContent {
  const subject = fillPlaceholders(subjectTemplate, fields).replace(/[\r\n]+/g, " ").trim();
  return renderEmail(subject || "Thanks for getting in touch", {
    paragraphs: fillPlaceholders(bodyTemplate, fields).split(/\n{2,}/).map((p) => p.trim())
      .filter(Boolean),
    button: confirmLink ? { label: "Confirm your subscription", url: confirmLink } : undefined,
    footer: confirmLink
      ? ["You get our emails only after you confirm. If it was not you, ignore this email."]
      : undefined,
  });
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
): EmailContent {
  const { html, text } = campaignMarkup(fillPlaceholders(body, fields));
  return renderEmail(fillPlaceholders(subject, fields).replace(/[\r\n]+/g, " ").trim(), {
    paragraphs: [],
    bodyHtml: html,
    bodyText: text,
    footer: [
      `You get this email from ${sender} because you signed up on their page.`,
      `Unsubscribe: ${unsubscribeUrl}`,
    ],
  });
}
