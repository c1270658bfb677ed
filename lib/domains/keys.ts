// KV keys of custom domains: the claim of a hostname (one page at a time) and each page's list.
export const domainKeys = {
  /** The domain record; its key is the claim, so two pages can never hold one hostname. */
  domain: (hostname: string) => ["domains", hostname],
  domainsByPage: (pageId: string, hostname: string) => ["domains_by_page", pageId, hostname],
  domainsByPagePrefix: (pageId: string) => ["domains_by_page", pageId],
} as const;
