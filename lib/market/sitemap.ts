// The app's public URLs for /sitemap.xml: the fixed public pages, every listing on sale (read
// from the browse index, newest first, 500 keys at a time) and every storefront (through the
// handle index). Yields paths as it reads; at most `max` (the sitemap protocol's 50,000).
import { kv } from "../kv/index.ts";
import { ensureBrowseIndex, type IndexValue } from "./browse-index.ts";
import { marketKeys } from "./keys.ts";
import { storefrontHandles } from "./sellers.ts";
import { suspendedSellers } from "./versions.ts";

export const SITEMAP_MAX = 50_000;
const STATIC_PATHS = ["/", "/marketplace", "/auth/register", "/auth/login"];
const BATCH = 500;

export async function* publicPaths(max = SITEMAP_MAX): AsyncGenerator<string> {
  let n = 0;
  for (const p of STATIC_PATHS) {
    if (n++ >= max) return;
    yield p;
  }
  await ensureBrowseIndex();
  let batch: Deno.KvEntry<IndexValue>[] = [];
  const listings = async function* () {
    const off = await suspendedSellers(new Set(batch.map((e) => e.value.s)));
    for (const e of batch) if (!off.has(e.value.s)) yield `/marketplace/${String(e.key.at(-1))}`;
    batch = [];
  };
  const iter = kv().list<IndexValue>(
    { prefix: marketKeys.listingSortScope("newest", "*") },
    { reverse: true, batchSize: BATCH },
  );
  for await (const e of iter) {
    batch.push(e);
    if (batch.length < BATCH) continue;
    for await (const p of listings()) {
      if (n++ >= max) return;
      yield p;
    }
  }
  for await (const p of listings()) {
    if (n++ >= max) return;
    yield p;
  }
  for await (const handles of storefrontHandles(BATCH)) {
    for (const h of handles) {
      if (n++ >= max) return;
      yield `/s/${h}`;
    }
  }
}
