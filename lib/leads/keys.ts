// KV keys of form submissions, grouped by page.
export const leadKeys = {
  lead: (pageId: string, id: string) => ["leads", pageId, id],
  leads: (pageId: string) => ["leads", pageId],
} as const;
