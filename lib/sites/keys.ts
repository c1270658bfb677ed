// KV keys of published sites (by slug; the record may be stored in chunks, see lib/kv/large.ts).
export const siteKeys = {
  site: (slug: string) => ["sites", slug],
} as const;
