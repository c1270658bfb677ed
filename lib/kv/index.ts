// Deno KV access: opening the store, every key builder, ids, and cursor pagination.
import { badRequest } from "../http/index.ts";
import { kv } from "./store.ts";

export { closeKv, kv, openKv } from "./store.ts";
export { idTime, idTimePrefix, newId } from "./ids.ts";
export { ATOMIC_ATTEMPTS, NoCommit, noCommit, retryAtomic } from "./atomic.ts";

/** Every key the app writes, in one place. Secondary indexes sit beside their record. */
export const keys = {
  config: (name: string) => ["config", name],
  // accounts
  user: (id: string) => ["users", id],
  userByEmail: (email: string) => ["users_by_email", email.toLowerCase()],
  userByGithub: (githubId: string) => ["users_by_github", githubId],
  usersAll: () => ["users"],
  refreshToken: (hash: string) => ["refresh_tokens", hash],
  refreshFamily: (familyId: string) => ["refresh_families", familyId],
  emailToken: (
    purpose: string,
    hash: string,
  ) => ["email_tokens", purpose, hash],
  loginFailures: (subject: string) => ["login_failures", subject],
  rateLimit: (bucket: string, subject: string, window: number) => [
    "rate_limits",
    bucket,
    subject,
    window,
  ],
  // mail
  mail: (id: string) => ["mail", id],
  mailAll: () => ["mail"],
  // pages and sites
  page: (id: string) => ["pages", id],
  pagesByUser: (userId: string, id: string) => ["pages_by_user", userId, id],
  pagesByUserPrefix: (userId: string) => ["pages_by_user", userId],
  pageBySlug: (slug: string) => ["pages_by_slug", slug],
  pageRevision: (
    pageId: string,
    revId: string,
  ) => ["page_revisions", pageId, revId],
  pageRevisions: (pageId: string) => ["page_revisions", pageId],
  site: (slug: string) => ["sites", slug],
  lead: (pageId: string, id: string) => ["leads", pageId, id],
  leads: (pageId: string) => ["leads", pageId],
  upload: (id: string) => ["uploads", id],
  uploadsByUser: (userId: string, id: string) => ["uploads_by_user", userId, id],
  uploadChunk: (id: string, n: number) => ["upload_chunks", id, n],
  // marketplace and money
  listing: (id: string) => ["listings", id],
  listingsAll: () => ["listings"],
  listingByPage: (pageId: string) => ["listings_by_page", pageId],
  listingsBySeller: (
    sellerId: string,
    id: string,
  ) => ["listings_by_seller", sellerId, id],
  transaction: (id: string) => ["transactions", id],
  transactionByPaymentIntent: (pi: string) => ["transactions_by_pi", pi],
  openCheckout: (buyerId: string, listingId: string) => ["open_checkouts", buyerId, listingId],
  order: (id: string) => ["orders", id],
  ordersAll: () => ["orders"],
  ordersByBuyer: (
    buyerId: string,
    id: string,
  ) => ["orders_by_buyer", buyerId, id],
  ordersBySeller: (
    sellerId: string,
    id: string,
  ) => ["orders_by_seller", sellerId, id],
  purchase: (
    buyerId: string,
    listingId: string,
  ) => ["purchases", buyerId, listingId],
  review: (
    listingId: string,
    buyerId: string,
  ) => ["reviews", listingId, buyerId],
  reviews: (listingId: string) => ["reviews", listingId],
  balance: (userId: string) => ["balances", userId],
  payout: (id: string) => ["payouts", id],
  payoutsAll: () => ["payouts"],
  payoutsByUser: (userId: string, id: string) => ["payouts_by_user", userId, id],
  stripeEvent: (eventId: string) => ["stripe_events", eventId],
  // support chat
  room: (id: string) => ["rooms", id],
  roomsAll: () => ["rooms"],
  roomsByUser: (userId: string, id: string) => ["rooms_by_user", userId, id],
  message: (roomId: string, id: string) => ["messages", roomId, id],
  messages: (roomId: string) => ["messages", roomId],
  aiAnswered: (messageId: string) => ["ai_answered", messageId],
  chatPresence: (roomId: string, id: string) => ["chat_presence", roomId, id],
  chatPresences: (roomId: string) => ["chat_presence", roomId],
  notificationsRead: (userId: string) => ["notifications_read", userId],
  faq: (id: string) => ["faqs", id],
  faqsAll: () => ["faqs"],
  // realtime event logs (see lib/realtime/)
  event: (topic: string, id: string) => ["events", topic, id],
  events: (topic: string) => ["events", topic],
  eventHead: (topic: string) => ["event_heads", topic],
  // admin
  stat: (name: string) => ["stats", name],
  /** Per-page daily figures: metric is "views" | "leads" | "sales" | "revenue". */
  /** A page's lead count: a sum counter, so concurrent submissions never conflict. */
  pageLeadCount: (pageId: string) => ["page_lead_counts", pageId],
  pageStatDaily: (pageId: string, metric: string, day: string) => [
    "page_stats_daily",
    pageId,
    metric,
    day,
  ],
  statDaily: (name: string, day: string) => ["stats_daily", name, day],
  audit: (id: string) => ["audit", id],
  // queue backend for remote KV (see lib/queue/)
  job: (id: string) => ["jobs", id],
  jobsDue: (runAt: number, id: string) => ["jobs_due", runAt, id],
  jobsDuePrefix: () => ["jobs_due"],
  jobsHead: () => ["jobs_head"],
  deadJob: (id: string) => ["dead_jobs", id],
} as const;

export interface Paged<T> {
  items: T[];
  cursor: string | null;
}

export function parseLimit(raw: string | undefined, fallback = 20): number {
  const n = Number(raw ?? fallback);
  if (!Number.isInteger(n) || n < 1) return fallback;
  return Math.min(n, 100);
}

/** One page of values under `prefix`, newest first by default. */
export async function listPage<T>(
  prefix: Deno.KvKey,
  opts: { limit?: number; cursor?: string | null; reverse?: boolean } = {},
): Promise<Paged<T>> {
  const iter = kv().list<T>({ prefix }, {
    limit: opts.limit ?? 20,
    cursor: opts.cursor || undefined,
    reverse: opts.reverse ?? true,
  });
  const items: T[] = [];
  for await (const entry of iter) items.push(entry.value);
  const cursor = items.length === (opts.limit ?? 20) ? iter.cursor || null : null;
  return { items, cursor };
}

/** The `?limit=` (default 20, max 100) and `?cursor=` of a list request. */
export function pageParams(
  query: Record<string, string | undefined>,
): { limit: number; cursor: string | null } {
  return { limit: parseLimit(query.limit), cursor: query.cursor || null };
}

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A list cursor that must be an id (see `pageById`): null when absent, a 400 when malformed. */
export function idCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  if (!ID_PATTERN.test(cursor)) throw badRequest("The cursor is not valid", "invalid_cursor");
  return cursor;
}

/**
 * One page of an in-memory list, newest first by its time-sortable `id` (a ULID from `newId`).
 * The cursor is the last id returned; the next page holds the ids strictly older than it, so a
 * walk has no duplicates or gaps, and a deleted cursor item does not matter. A cursor that is
 * not an id is a 400 (like a garbled KV cursor on the KV-backed lists).
 */
export function pageById<T extends { id: string }>(
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
export function pageInOrder<T extends { id: string }>(
  items: readonly T[],
  opts: { limit: number; cursor?: string | null },
): Paged<T> {
  const cursor = idCursor(opts.cursor);
  const start = cursor === null ? 0 : items.findIndex((item) => item.id === cursor) + 1;
  const rest = cursor !== null && start === 0 ? [] : items.slice(start);
  const page = rest.slice(0, opts.limit);
  return { items: page, cursor: rest.length > opts.limit ? page[page.length - 1].id : null };
}

/** Resolve index entries whose value is a record id into records (missing ones skipped). */
export async function getMany<T>(keyList: Deno.KvKey[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keyList.length; i += 10) {
    const entries = await kv().getMany<T[]>(keyList.slice(i, i + 10));
    for (const e of entries) if (e.value !== null) out.push(e.value);
  }
  return out;
}

/** All values under a prefix (for small collections and admin scans). */
export async function listAll<T>(prefix: Deno.KvKey): Promise<T[]> {
  const out: T[] = [];
  for await (const e of kv().list<T>({ prefix })) out.push(e.value);
  return out;
}

export function nowIso(): string {
  return new Date().toISOString();
}

const U64 = 2n ** 64n;

/** Add `delta` (may be negative) to a KV counter inside an atomic operation. */
export function addToCounter(
  op: Deno.AtomicOperation,
  key: Deno.KvKey,
  delta: number,
) {
  // KV sums wrap modulo 2^64, so adding 2^64 - n subtracts n.
  const n = BigInt(delta);
  op.sum(key, n >= 0n ? n : U64 + n);
  return op;
}

export async function readCounter(key: Deno.KvKey): Promise<number> {
  const v = (await kv().get<Deno.KvU64>(key)).value;
  return v ? counterValue(v) : 0;
}

/** A counter's signed value: sums wrap modulo 2^64, so a brief negative reads as negative. */
export function counterValue(v: Deno.KvU64): number {
  return Number(v.value >= U64 / 2n ? v.value - U64 : v.value);
}
