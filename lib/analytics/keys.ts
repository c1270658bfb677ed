// KV keys of page analytics. Counts are KV sums by page and UTC day; the visitor salt and the
// "already counted today" markers live under their own prefixes, never next to the counts.
export const analyticsKeys = {
  /** A page's daily total: `metric` is views, visitors or leads. */
  anDay: (pageId: string, day: string, metric: string) => ["an_days", pageId, day, metric],
  anDays: (pageId: string) => ["an_days", pageId],
  /** Visitors or leads of a page per day by source (utm_source, referrer host or "direct"). */
  anSource: (pageId: string, day: string, source: string, metric: string) => [
    "an_sources",
    pageId,
    day,
    source,
    metric,
  ],
  anSources: (pageId: string) => ["an_sources", pageId],
  /** Visitors or leads of a page per day by utm_campaign. */
  anCampaign: (pageId: string, day: string, campaign: string, metric: string) => [
    "an_campaigns",
    pageId,
    day,
    campaign,
    metric,
  ],
  anCampaigns: (pageId: string) => ["an_campaigns", pageId],
  /** Visitors of a page per day by device class. */
  anDevice: (pageId: string, day: string, device: string) => ["an_devices", pageId, day, device],
  anDevices: (pageId: string) => ["an_devices", pageId],
  /** The day's random salt (expires after two days: old hashes become unlinkable). */
  visitorSalt: (day: string) => ["an_salts", day],
  /** A visitor already counted on `day` (a salted hash; expires with the salt). */
  visitorSeen: (day: string, hash: string) => ["an_seen", day, hash],
} as const;
