// KV keys of landing pages: records, the owner and slug indexes, revisions, per-page figures.
export const pageKeys = {
  page: (id: string) => ["pages", id],
  pagesByUser: (userId: string, id: string) => ["pages_by_user", userId, id],
  pagesByUserPrefix: (userId: string) => ["pages_by_user", userId],
  pageBySlug: (slug: string) => ["pages_by_slug", slug],
  pageRevision: (pageId: string, revId: string) => ["page_revisions", pageId, revId],
  pageRevisions: (pageId: string) => ["page_revisions", pageId],
  /** A page's lead count: a sum counter, so concurrent submissions never conflict. */
  pageLeadCount: (pageId: string) => ["page_lead_counts", pageId],
  /** Per-page daily figures: metric is "views" | "leads" | "sales" | "revenue". */
  pageStatDaily: (pageId: string, metric: string, day: string) => [
    "page_stats_daily",
    pageId,
    metric,
    day,
  ],
} as const;
