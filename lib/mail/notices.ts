// The app's shorter notices (orders, sales, listings, reviews, domains, webhooks, support), each
// in the recipient's language: their words come from lib/i18n/areas/mail.ts, money and dates are
// formatted by the caller with formatMoneyIn/formatDateIn for the same locale. The layout and
// the longer messages are in templates.ts.
import type { Locale } from "../i18n/index.ts";
import { type EmailContent, mailT, plainNotice, renderEmail } from "./templates.ts";

/** The recipient's language: their saved setting, else `fallback` (the triggering request's). */
export function mailLocale(
  user: { locale?: Locale | null } | null | undefined,
  fallback: Locale = "en",
): Locale {
  return user?.locale ?? fallback;
}

/** A text notice: paragraphs at blank lines (the text part as these were always written). */
function notice(subject: string, paragraphs: string[], locale: Locale): EmailContent {
  const text = paragraphs.join("\n\n");
  return { ...plainNotice(subject, text, locale), text };
}

/** To the buyer: the whole purchase (`amount` absent) or part of it was refunded. */
export function buyerRefundEmail(
  o: { title: string; price: string; amount?: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return o.amount === undefined
    ? notice(tr("mail.refund.subject", o), [tr("mail.refund.body", o)], locale)
    : notice(
      tr("mail.partRefund.subject", o),
      [tr("mail.partRefund.body", { ...o, amount: o.amount })],
      locale,
    );
}

/** To the seller: a sale, with their share and the platform's fee. */
export function saleEmail(
  o: { title: string; price: string; share: string; fee: string; days: number; url: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return notice(tr("mail.sale.subject", o), [tr("mail.sale.body", o), o.url], locale);
}

/** To the seller: a sale was refunded (in full or in part) and taken back from the balance. */
export function saleRefundEmail(
  o: { title: string; price: string; amount: string; sellerAmount: string; url: string },
  full: boolean,
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const subject = tr(full ? "mail.refund.subject" : "mail.partRefund.subject", o);
  return notice(subject, [tr("mail.saleRefund.body", o), o.url], locale);
}

/** To the seller: a listing (or its update) was approved or not. */
export function listingReviewedEmail(
  o: { title: string; url: string; approved: boolean; update: boolean; reason?: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const p = { title: o.title, reason: o.reason ?? "" };
  if (o.approved) {
    return o.update
      ? notice(
        tr("mail.listing.updateLive.subject", p),
        [tr("mail.listing.updateLive.body", p), o.url],
        locale,
      )
      : notice(
        tr("mail.listing.live.subject", p),
        [tr("mail.listing.live.body", p), o.url],
        locale,
      );
  }
  return notice(
    tr(o.update ? "mail.listing.updateRejected.subject" : "mail.listing.rejected.subject", p),
    [
      tr(o.update ? "mail.listing.updateRejected.body" : "mail.listing.rejected.body", p),
      tr("mail.listing.resubmit", { url: `${o.url}/edit` }),
    ],
    locale,
  );
}

/** To the seller: a new review (the buyer's comment as written). */
export function newReviewEmail(
  o: { title: string; rating: number; name: string; comment: string; url: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return notice(
    tr("mail.review.subject", o),
    [tr("mail.review.body", o), o.comment, o.url].filter(Boolean),
    locale,
  );
}

/** To the owner: a custom domain lost its TXT record and is no longer served. */
export function domainLapsedEmail(
  o: { host: string; token: string; hours: number },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return notice(tr("mail.domain.subject", o), [tr("mail.domain.body", o)], locale);
}

/** To the owner: a webhook failed for a day and was switched off. */
export function webhookDisabledEmail(
  o: { url: string; error: string; link: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return renderEmail(tr("mail.webhook.subject"), {
    paragraphs: [tr("mail.webhook.body", o), tr("mail.webhook.body2")],
    button: { label: tr("mail.webhook.button"), url: o.link },
  }, locale);
}

/** To a user or guest: support's replies while they were away (quoted as written). */
export function supportReplyEmail(
  o: { name: string; subject: string; replies: string[]; link: string },
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  return notice(
    tr("mail.chat.replySubject", { subject: o.subject.slice(0, 60) }),
    [
      tr("mail.hi", { name: o.name }),
      tr("mail.chat.replyBody", { subject: o.subject }),
      o.replies.map((m) => `> ${m.replace(/\n/g, "\n> ")}`).join("\n"),
      tr("mail.chat.continue", { link: o.link }),
    ],
    locale,
  );
}

export type TranscriptSender = "user" | "ai" | "admin" | "system";

/** A conversation's transcript; `lines` are its messages, oldest first. */
export function transcriptEmail(
  subject: string,
  lines: { at: string; who: TranscriptSender; message: string }[],
  locale: Locale = "en",
): EmailContent {
  const tr = mailT(locale);
  const who: Record<TranscriptSender, string> = {
    user: tr("mail.chat.you"),
    ai: tr("mail.chat.assistant"),
    admin: tr("mail.chat.support"),
    system: "—",
  };
  const text = [
    tr("mail.chat.transcriptHeading", { subject }),
    "",
    ...lines.map((l) => `[${l.at}] ${who[l.who]}: ${l.message}`),
  ].join("\n");
  return {
    ...plainNotice(
      tr("mail.chat.transcriptSubject", { subject: subject.slice(0, 60) }),
      text,
      locale,
    ),
    text,
  };
}
