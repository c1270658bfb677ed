// The leads CSV, streamed: rows are read from KV one page at a time, only when the reader asks
// for more (a pull stream holding at most one encoded page ahead), so memory stays flat however
// many leads a page has, and the first bytes leave at once. The columns are known before the
// first row: the page's form fields plus every field name any lead of the page ever had (kept as
// blind keys by `submitLead`, see keys.ts).
//
// Rows are written cell by cell into one string per page, without per-lead arrays: 50,000 leads
// allocate ~2 KB each in KV decoding alone, and every extra array or copy per lead raised V8's
// allocation rate and with it how far V8 grows its heap while the export runs (bench/growth.ts).
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
const SOURCE_FIELDS = SOURCE_COLUMNS.slice(1) as Exclude<
  (typeof SOURCE_COLUMNS)[number],
  "source"
>[];
const NO_SOURCE = ",".repeat(SOURCE_COLUMNS.length);

/**
 * Leads read per KV list call, i.e. per chunk of the stream: ~15 kB of CSV. Small enough that a
 * page's decoded leads are garbage before the next young-generation collection, large enough that
 * the list calls cost little (50,000 leads: 250 calls).
 */
export const CSV_PAGE = 200;

/** Add to `op` the field names of a new lead (blind sets: concurrent leads never conflict). */
export function noteLeadFields(op: Deno.AtomicOperation, pageId: string, data: object) {
  for (const name of Object.keys(data)) op.set(keys.leadField(pageId, name), true);
  return op;
}

/**
 * A CSV of every lead of the owner's page, oldest first, as a byte stream (the ownership check
 * happens before it starts, so a stranger gets a 404, not a broken download). Cells that a
 * spreadsheet would run as formulas are neutralised. Each pull reads one KV page of `pageSize`
 * leads; the stream asks for the next only once its one queued chunk has been taken.
 */
export async function leadsCsvStream(
  userId: string,
  pageId: string,
  { pageSize = CSV_PAGE }: { pageSize?: number } = {},
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
  // KV lists at most 1,000 entries per batch.
  const size = Math.max(1, Math.min(1000, Math.floor(pageSize)));
  const enc = new TextEncoder();
  let out: string | null = ["submittedAt", ...columns, "status", "tags", ...SOURCE_COLUMNS]
    .map(csvCell).join(",") + "\r\n";
  let cursor: string | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const iter = kv().list<Lead>({ prefix: keys.leads(pageId) }, {
        limit: size,
        cursor,
        batchSize: size,
      });
      let n = 0;
      for await (const e of iter) {
        out = out === null ? csvRow(e.value, columns) : out + csvRow(e.value, columns);
        n++;
      }
      cursor = iter.cursor;
      if (out !== null) ctrl.enqueue(enc.encode(out));
      out = null;
      if (n < size) ctrl.close();
    },
  }, { highWaterMark: 1 });
}

/** One lead's line: its time, the columns' values, status, tags and where it came from. */
function csvRow(l: Lead, columns: string[]): string {
  let line = csvCell(l.submittedAt);
  const data = l.data;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    line += Object.hasOwn(data, c) ? "," + csvCell(data[c]) : ",";
  }
  line += "," + csvCell(l.status) + "," + (l.tags.length ? csvCell(l.tags.join(";")) : "");
  const s = l.source;
  if (!s) return line + NO_SOURCE + "\r\n";
  line += "," + csvCell(sourceName(s.utmSource, s.referrer));
  for (let i = 0; i < SOURCE_FIELDS.length; i++) line += "," + csvCell(s[SOURCE_FIELDS[i]] ?? "");
  return line + "\r\n";
}

/** Every lead's CSV text at once (small pages and tests; the route streams). */
export async function leadsCsv(userId: string, pageId: string): Promise<string> {
  return await new Response(await leadsCsvStream(userId, pageId)).text();
}

/** A cell needs work when a spreadsheet would run it as a formula or it holds CSV syntax. */
const NEEDS_WORK = /^[=+\-@\t\r]|[",\r\n]/;

function csvCell(value: string): string {
  if (!NEEDS_WORK.test(value)) return value; // most cells: no copy
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
