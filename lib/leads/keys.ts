// KV keys of form submissions, grouped by page.
export const leadKeys = {
  lead: (pageId: string, id: string) => ["leads", pageId, id],
  leads: (pageId: string) => ["leads", pageId],
  /** A field name some lead of the page has (the CSV's columns, known before its first row). */
  leadField: (pageId: string, name: string) => ["lead_fields", pageId, name],
  leadFields: (pageId: string) => ["lead_fields", pageId],
} as const;
