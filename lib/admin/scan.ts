// One page of a KV range where only some entries qualify (the admin user search by email prefix
// and role). The scan reads at most `maxScan` entries per request, so a rare match costs bounded
// work per page: a page may then come back short with a cursor to carry on from.
import { badRequest } from "../http/index.ts";
import { kv, kvCursor, type Paged } from "../kv/index.ts";

export const MAX_SCAN = 2000;

export async function scanPage<V, T>(
  selector: Deno.KvListSelector,
  opts: { limit: number; cursor?: string | null; reverse?: boolean; maxScan?: number },
  accept: (batch: V[]) => Promise<(T | null)[]>,
): Promise<Paged<T>> {
  const iter = kv().list<V>(selector, {
    cursor: kvCursor(opts.cursor) ?? undefined,
    reverse: opts.reverse ?? false,
    batchSize: Math.min(Math.max(opts.limit, 10), 500),
  });
  const items: T[] = [];
  let scanned = 0;
  let batch: { value: V; cursor: string }[] = [];
  const flush = async (): Promise<string | null> => {
    const accepted = await accept(batch.map((b) => b.value));
    for (let i = 0; i < accepted.length; i++) {
      const a = accepted[i];
      if (a === null) continue;
      items.push(a);
      if (items.length === opts.limit) return batch[i].cursor;
    }
    batch = [];
    return null;
  };
  try {
    for await (const e of iter) {
      batch.push({ value: e.value, cursor: iter.cursor });
      scanned++;
      if (batch.length >= 50 || scanned >= (opts.maxScan ?? MAX_SCAN)) {
        const at = batch[batch.length - 1].cursor;
        const full = await flush();
        if (full) return { items, cursor: full };
        if (scanned >= (opts.maxScan ?? MAX_SCAN)) {
          return { items, cursor: at };
        }
      }
    }
  } catch (err) {
    if (opts.cursor && err instanceof TypeError) {
      throw badRequest("The cursor is not valid", "invalid_cursor");
    }
    throw err;
  }
  const full = await flush();
  // A page that filled exactly at the end of the range still says "more" (as KV lists do); the
  // next page is then empty with no cursor.
  return { items, cursor: full };
}
