// The leads CSV, streamed: rows are read from KV in batches behind a cursor and encoded as the
// client reads them, so memory stays flat however many leads a page has, and the first bytes
// leave at once. The columns are known before the first row: the page's form fields plus every
// field name any lead of the page ever had (kept as blind keys by `submitLead`, see keys.ts).
import { keys, kv } from "../kv/index.ts";
import { getOwnPage } from "../pages/index.ts";
import type { Lead } from "./index.ts";
import { sourceName } from "../analytics/index.ts";

/** The attribution columns after status and tags (empty for leads from before attribution). */
const SOURCE_COLUMNS = [
  "source",
  "referrer",
  "utmSource",
  "utmMedium",
  "utmCampaign",
  "utmContent",
  "utmTerm",
  "variantId",
] as const;

function sourceCells(l: Lead): string[] {
  const s = l.source;
  if (!s) return SOURCE_COLUMNS.map(() => "");
  return [
    sourceName(s.utmSource, s.referrer),
    ...SOURCE_COLUMNS.slice(1).map((k) => s[k as Exclude<typeof k, "source">] ?? ""),
  ];
}

/** Leads read per KV list call while streaming. */
export const CSV_BATCH = 1000;

/** Add to `op` the field names of a new lead (blind sets: concurrent leads never conflict). */
export function noteLeadFields(op: Deno.AtomicOperation, pageId: string, data: object) {
  for (const name of Object.keys(data)) op.set(keys.leadField(pageId, name), true);
  return op;
}

/**
 * A CSV of every lead of the owner's page, oldest first, as a byte stream (the ownership check
 * happens before it starts, so a stranger gets a 404, not a broken download). Cells that a
 * spreadsheet would run as formulas are neutralised.
 */
export async function leadsCsvStream(
  userId: string,
  pageId: string,
): Promise<ReadableStream<Uint8Array>> {
  const page = await getOwnPage(userId, pageId);
  const formFields = page.content.blocks.flatMap((b) =>
    b.type === "form" ? b.props.fields.map((f) => f.name) : []
  );
  const seen: string[] = [];
  for await (const e of kv().list({ prefix: keys.leadFields(pageId) })) {
    seen.push(String(e.key[e.key.length - 1]));
  }
  const columns = [...new Set([...formFields, ...seen])];
  const enc = new TextEncoder();
  const line = (cells: string[]) => cells.map(csvCell).join(",") + "\r\n";
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      let out = started
        ? ""
        : line(["submittedAt", ...columns, "status", "tags", ...SOURCE_COLUMNS]);
      started = true;
      const iter = kv().list<Lead>({ prefix: keys.leads(pageId) }, {
        limit: CSV_BATCH,
        cursor,
        batchSize: CSV_BATCH,
      });
      let n = 0;
      for await (const e of iter) {
        const l = e.value;
        out += line([
          l.submittedAt,
          ...columns.map((c) => Object.hasOwn(l.data, c) ? l.data[c] : ""),
          l.status,
          l.tags.join(";"),
          ...sourceCells(l),
        ]);
        n++;
      }
      cursor = iter.cursor;
      if (out) ctrl.enqueue(enc.encode(out));
      if (n < CSV_BATCH) ctrl.close();
    },
  }, { highWaterMark: 1 });
}

/** Every lead's CSV text at once (small pages and tests; the route streams). */
export async function leadsCsv(userId: string, pageId: string): Promise<string> {
  return await new Response(await leadsCsvStream(userId, pageId)).text();
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Field names of every lead of every page (once, for stores made before `noteLeadFields`). */
export async function backfillLeadFields(): Promise<number> {
  let op = kv().atomic();
  let n = 0;
  let total = 0;
  const done = new Set<string>();
  for await (const e of kv().list<Lead>({ prefix: ["leads"] })) {
    const l = e.value;
    for (const name of Object.keys(l.data ?? {})) {
      const id = JSON.stringify([l.pageId, name]);
      if (done.has(id)) continue;
      done.add(id);
      op.set(keys.leadField(l.pageId, name), true);
      total++;
      if (++n === 500) {
        await op.commit();
        op = kv().atomic();
        n = 0;
      }
    }
  }
  if (n) await op.commit();
  return total;
}
