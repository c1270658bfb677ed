// Deleting a page removes its custom domains in the page's own commit (lib/pages deletePage).
// Kept apart from index.ts, which imports lib/pages, so that lib/pages can import this.
import { kv } from "../kv/index.ts";
import { forgetHosts } from "./cache.ts";
import { domainKeys } from "./keys.ts";

/** Add the removal of every domain of `pageId` to `op`; returns what to pass to `forget` after. */
export async function deletePageDomains(op: Deno.AtomicOperation, pageId: string) {
  const hostnames: string[] = [];
  for await (const e of kv().list({ prefix: domainKeys.domainsByPagePrefix(pageId) })) {
    const hostname = String(e.key.at(-1));
    hostnames.push(hostname);
    op.delete(e.key).delete(domainKeys.domain(hostname));
  }
  return { forget: () => forgetHosts(hostnames) };
}
