// KV keys of the admin side: dashboard counters, daily figures, the audit log.
export const adminKeys = {
  stat: (name: string) => ["stats", name],
  statDaily: (name: string, day: string) => ["stats_daily", name, day],
  audit: (id: string) => ["audit", id],
  auditAll: () => ["audit"],
} as const;
