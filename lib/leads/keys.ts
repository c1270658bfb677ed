// KV keys of form submissions, grouped by page.
export const leadKeys = {
  lead: (pageId: string, id: string) => ["leads", pageId, id],
  leads: (pageId: string) => ["leads", pageId],
  /** A field name some lead of the page has (the CSV's columns, known before its first row). */
  leadField: (pageId: string, name: string) => ["lead_fields", pageId, name],
  leadFields: (pageId: string) => ["lead_fields", pageId],
  /** An extra address an owner's forms email leads to: pending until it confirms by link. */
  leadRecipient: (ownerId: string, email: string) => ["lead_recipients", ownerId, email],
  /** A lead waiting for the daily digest of `email` (day is YYYY-MM-DD, UTC). */
  leadDigestItem: (day: string, email: string, leadId: string) => [
    "lead_digest",
    day,
    email,
    leadId,
  ],
  leadDigestItems: (day: string, email: string) => ["lead_digest", day, email],
  /** Set when the digest job of that day and address is queued, and when it was sent. */
  leadDigestQueued: (day: string, email: string) => ["lead_digest_queued", day, email],
  leadDigestSent: (day: string, email: string) => ["lead_digest_sent", day, email],
} as const;
