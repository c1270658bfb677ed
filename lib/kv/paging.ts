// Paging of lists: KV-cursor pages over an index prefix, and id-cursor pages of in-memory lists.
// Every cursor from a URL is checked here, so a garbled one is a 400 on every list, never a 500.
import { badRequest } from "../http/index.ts";
import { kv } from "./store.ts";

export interface Paged<T> {
  items: T[];
  cursor: string | null;
}

export function parseLimit(raw: string | undefined, fallback = 20): number {
  const n = Number(raw ?? fallback);
  if (!Number.isInteger(n) || n < 1) return fallback;
  return Math.min(n, 100);
}

const invalidCursor = () => badRequest("The cursor is not valid", "invalid_cursor");

// KV cursors are base64url. Anything else (an emoji, U+FFFF) makes Deno throw a serde TypeError
// deep in the iterator, so it is refused before reaching KV.
const KV_CURSOR = /^[A-Za-z0-9_\-+/]{1,2000}={0,2}$/;

/** A KV list cursor from a request: null when absent, a 400 when it cannot be one. */
export function kvCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  if (!KV_CURSOR.test(cursor)) throw invalidCursor();
  return cursor;
}

/**
 * One page of KV entries under `prefix` (newest first by default). Cursors are checked by
 * `kvCursor`; one KV rejects for its content (well-formed but not its own) is a 400 as well.
 */
export async function listKvEntries<T>(
  prefix: Deno.KvKey,
  opts: { limit?: number; cursor?: string | null; reverse?: boolean } = {},
): Promise<{ entries: Deno.KvEntry<T>[]; cursor: string | null }> {
  const limit = opts.limit ?? 20;
  const iter = kv().list<T>({ prefix }, {
    limit,
    cursor: kvCursor(opts.cursor) ?? undefined,
    reverse: opts.reverse ?? true,
  });
  const entries: Deno.KvEntry<T>[] = [];
  try {
    for await (const entry of iter) entries.push(entry);
  } catch (err) {
    if (opts.cursor && err instanceof TypeError) throw invalidCursor();
    throw err;
  }
  return { entries, cursor: entries.length === limit ? iter.cursor || null : null };
}

/** One page of values under `prefix`, newest first by default. */
export async function listKvPage<T>(
  prefix: Deno.KvKey,
  opts: { limit?: number; cursor?: string | null; reverse?: boolean } = {},
): Promise<Paged<T>> {
  const { entries, cursor } = await listKvEntries<T>(prefix, opts);
  return { items: entries.map((e) => e.value), cursor };
}

/** @deprecated the old name of `listKvPage` ("page" now means a landing page). */
export const listPage = listKvPage;

/** The `?limit=` (default 20, max 100) and `?cursor=` of a list request. */
export function listParams(
  query: Record<string, string | undefined>,
): { limit: number; cursor: string | null } {
  return { limit: parseLimit(query.limit), cursor: query.cursor || null };
}

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A list cursor that must be an id (see `sliceById`): null when absent, a 400 when malformed. */
export function idCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  if (!ID_PATTERN.test(cursor)) throw invalidCursor();
  return cursor;
}

/**
 * One page of an in-memory list, newest first by its time-sortable `id` (a ULID from `newId`).
 * The cursor is the last id returned; the next page holds the ids strictly older than it, so a
 * walk has no duplicates or gaps, and a deleted cursor item does not matter. A cursor that is
 * not an id is a 400 (like a garbled KV cursor on the KV-backed lists).
 */
export function sliceById<T extends { id: string }>(
  items: readonly T[],
  opts: { limit: number; cursor?: string | null },
): Paged<T> {
  const cursor = idCursor(opts.cursor);
  const sorted = [...items].sort((a, b) => a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const start = cursor === null ? 0 : sorted.findIndex((item) => item.id < cursor);
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = rest.slice(0, opts.limit);
  return {
    items: page,
    cursor: rest.length > opts.limit ? page[page.length - 1].id : null,
  };
}

/**
 * One page of a list kept in its own order (an inbox by latest activity): the cursor is the last
 * id returned and the next page starts after it. Moving items can shift between pages, as in any
 * inbox; a cursor whose item is gone ends the walk.
 */
export function sliceInOrder<T extends { id: string }>(
  items: readonly T[],
  opts: { limit: number; cursor?: string | null },
): Paged<T> {
  const cursor = idCursor(opts.cursor);
  const start = cursor === null ? 0 : items.findIndex((item) => item.id === cursor) + 1;
  const rest = cursor !== null && start === 0 ? [] : items.slice(start);
  const page = rest.slice(0, opts.limit);
  return { items: page, cursor: rest.length > opts.limit ? page[page.length - 1].id : null };
}

const ID_BOUND = /^[0-9A-HJKMNP-TV-Z]{1,26}$/;

/**
 * A range bound over ids (`?after=` / `?before=` on messages): a whole id or any prefix of one
 * (`after=0` reads from the start, as clients have always used it); anything else is a 400.
 */
export function idBound(bound: string | null | undefined): string | null {
  if (!bound) return null;
  if (!ID_BOUND.test(bound)) throw invalidCursor();
  return bound;
}

/** Entries under `prefix` after the id `afterId` (ids sort by time), oldest first. */
export function listAfterId<T>(
  prefix: Deno.KvKey,
  afterId: string,
  limit: number,
): Deno.KvListIterator<T> {
  // `prefix` + `start` (not start/end): an id above every key gives an empty list, not an error.
  return kv().list<T>({ prefix, start: [...prefix, afterId + "\u0000"] }, { limit });
}

// The old names ("page" now means only a landing page); routes still use them.
/** @deprecated use `listParams` */
export const pageParams = listParams;
/** @deprecated use `sliceById` */
export const pageById = sliceById;
/** @deprecated use `sliceInOrder` */
export const pageInOrder = sliceInOrder;
