// This process's cache of published sites (filled and served by lib/sites/serve.ts). Kept apart so
// that page changes that move a site (lib/pages/index.ts) can drop entries without a module cycle.
export interface SiteCacheEntry<S> {
  site: S;
  checkedAt: number;
}

export const siteCache = new Map<string, SiteCacheEntry<unknown> | null>();

/** Drop this process's copy of a site; other instances notice within their revalidation time. */
export function forgetSite(slug: string) {
  siteCache.delete(slug);
}
