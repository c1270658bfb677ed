// Counting visits to published pages on the server: no cookie, no script, no KV work on the
// request path. Views are summed per page in memory and handed to bufferSum (lib/kv/buffered.ts)
// by its flush hook. A visitor is a salted SHA-256 of (page, client address, User-Agent) under a
// random salt per UTC day. The request only takes a quick keyed hash and looks it up in this
// process's set of the day; a visitor seen for the first time is queued, and the flush (once a
// second) hashes it and commits it with a "seen" marker that must not exist yet
// (a version check) together with its visitor counts. So two processes, or a restart that lost
// the in-memory set, never count one visitor twice: the second commit finds the marker and drops
// it. The salt lives under its own KV key (shared by processes, kept over a restart), expires
// after two days and is never written next to the counts; without it a hash is unlinkable.
import { createHash } from "node:crypto";
import { addToCounter, bufferSum, kv, noCommit, onFlush, retryAtomic } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { analyticsTopic } from "../realtime/topics.ts";
import { analyticsKeys as k } from "./keys.ts";
import { deviceClass, externalReferrer, sourceName, utmOf } from "./classify.ts";

const DAY_MS = 86_400_000;
/** Salts and seen markers outlive their day by one (late flushes), then expire. */
const KEEP_MS = 2 * DAY_MS;
/** Visitors per commit: each has a version check, and KV allows 100 checks per commit. */
const BATCH = 90;
/** Hashes kept in memory per day; beyond it the set starts again (the KV markers still dedupe). */
const SEEN_CAP = 500_000;
/** Visits waiting for their day's salt (only at start-up or if KV is down); beyond it, dropped. */
const WAITING_CAP = 100_000;

interface Visit {
  pageId: string;
  day: string;
  source: string;
  campaign: string | null;
  device: string;
}
/** A visitor seen first here; `who` (page, address, User-Agent) is hashed at the flush. */
type Fresh = Visit & { who: string };
type Visitor = Fresh & { hash: string };

const salts = new Map<string, { salt: string; seeds: [number, number] }>();
/** Per day, the quick in-memory hashes of the visitors this process has seen. */
const seen = new Map<string, Set<number>>();
let fresh: Fresh[] = [];
let waiting: Fresh[] = [];
/** Views per `day|pageId` since the last flush (handed to bufferSum there: one sum per page). */
let views = new Map<string, number>();
/** Pages counted since the last flush, and those to announce at the next one (see flush). */
let touched = new Set<string>();
let toAnnounce = new Set<string>();
const announcedAt = new Map<string, number>();
/** Open analytics pages hear of a page's new figures at most this often (lag ≤ 5 s in all). */
const ANNOUNCE_MS = 3000;

let dayEnds = 0;
let dayNow = "";
/** Today's UTC date, recomputed only when the day ends. */
export function currentDay(now = Date.now()): string {
  if (now >= dayEnds || now < dayEnds - DAY_MS) {
    dayNow = new Date(now).toISOString().slice(0, 10);
    dayEnds = Date.parse(dayNow) + DAY_MS;
  }
  return dayNow;
}

/** The stored visitor hash: SHA-256 of the day's salt and who (computed at the flush). */
function visitorHash(salt: string, who: string) {
  return createHash("sha256").update(`${salt}\n${who}`).digest("base64url").slice(0, 22);
}

/**
 * A quick keyed 53-bit hash (cyrb53 seeded from the day's salt) for the in-memory set only: a
 * SHA-256 per request would cost ~20 µs here. Two visitors sharing one has a chance of about
 * n²/2^54 a day (1 in 18,000 at a million visitors), which would undercount by one.
 */
function quickHash(seeds: [number, number], who: string): number {
  let h1 = 0xdeadbeef ^ seeds[0];
  let h2 = 0x41c6ce57 ^ seeds[1];
  for (let i = 0; i < who.length; i++) {
    const ch = who.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Whether `who` is new today in this process (and remember it). */
function firstSeen(day: string, seeds: [number, number], who: string): boolean {
  const h = quickHash(seeds, who);
  let set = seen.get(day);
  if (!set || set.size >= SEEN_CAP) seen.set(day, set = new Set());
  if (set.has(h)) return false;
  set.add(h);
  return true;
}

/**
 * Count one view of `pageId` by the client at `address` (already checked to count: see
 * lib/sites/views.ts countsAsView). Synchronous and small: a map update, a quick hash and a set
 * lookup; a first-time visitor is also classified (source, campaign, device) and queued.
 */
export function recordVisit(
  req: Request,
  pageId: string,
  address: string,
  userAgent = req.headers.get("user-agent") ?? "",
) {
  const day = currentDay();
  const id = `${day}|${pageId}`;
  views.set(id, (views.get(id) ?? 0) + 1);
  touched.add(pageId);
  const who = `${pageId}\n${address}\n${userAgent}`;
  const known = salts.get(day);
  if (known && !firstSeen(day, known.seeds, who)) return;
  if (!known && waiting.length >= WAITING_CAP) return;
  const utm = utmOf(req.url);
  const referrer = externalReferrer(req.headers.get("referer"), req.headers.get("host"));
  (known ? fresh : waiting).push({
    pageId,
    day,
    who,
    source: capped("s", day, pageId, sourceName(utm.utm_source, referrer)),
    campaign: utm.utm_campaign ? capped("c", day, pageId, utm.utm_campaign) : null,
    device: deviceClass(userAgent),
  });
}

/** Distinct sources (or campaigns) one page counts per day in this process; the rest is "(other)". */
const LABELS_CAP = 200;
const labels = new Map<string, Set<string>>();

/**
 * `value`, or "(other)" once the page has LABELS_CAP others today: made-up utm_source values
 * must not grow a page's keys (and its report's reads) without bound.
 */
function capped(kind: "s" | "c", day: string, pageId: string, value: string): string {
  const id = `${kind}|${day}|${pageId}`;
  let set = labels.get(id);
  if (!set) {
    if (labels.size > 100_000) labels.clear();
    labels.set(id, set = new Set());
  }
  if (set.has(value)) return value;
  if (set.size >= LABELS_CAP) return "(other)";
  set.add(value);
  return value;
}

/** The salt of `day`: this process's copy, else the shared one in KV, else a new random one. */
async function saltOf(day: string): Promise<{ salt: string; seeds: [number, number] }> {
  const known = salts.get(day);
  if (known) return known;
  const salt = await retryAtomic(async (op) => {
    const entry = await kv().get<string>(k.visitorSalt(day));
    if (entry.value) return noCommit(entry.value);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const value = btoa(String.fromCharCode(...bytes));
    op.check(entry).set(k.visitorSalt(day), value, { expireIn: KEEP_MS });
    return value;
  });
  const bytes = Uint8Array.from(atob(salt), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const entry = { salt, seeds: [view.getUint32(0), view.getUint32(4)] as [number, number] };
  salts.set(day, entry);
  // Rotation: older days' salts and sets are forgotten here (their KV copies expire).
  for (const d of [...salts.keys()]) if (d < previousDay(day)) salts.delete(d);
  for (const d of [...seen.keys()]) if (d < previousDay(day)) seen.delete(d);
  for (const id of [...labels.keys()]) if (id.slice(2, 12) < previousDay(day)) labels.delete(id);
  return entry;
}

const previousDay = (day: string) => new Date(Date.parse(day) - DAY_MS).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);

/** Commit first-seen visitors: each only if no process counted it yet today. */
async function commitVisitors(batch: Visitor[]) {
  let todo = batch;
  let first = true;
  await retryAtomic(async (op) => {
    // A failed commit means another process (or this one before a restart) counted some of
    // them: read the markers and keep only the ones still unseen.
    if (!first) todo = await unseen(todo);
    first = false;
    if (!todo.length) return noCommit(undefined);
    const sums = new Map<string, { key: Deno.KvKey; n: number }>();
    const add = (key: Deno.KvKey) => {
      const id = JSON.stringify(key);
      const s = sums.get(id);
      if (s) s.n++;
      else sums.set(id, { key, n: 1 });
    };
    for (const v of todo) {
      const marker = k.visitorSeen(v.day, v.hash);
      op.check({ key: marker, versionstamp: null }).set(marker, 1, { expireIn: KEEP_MS });
      add(k.anDay(v.pageId, v.day, "visitors"));
      add(k.anSource(v.pageId, v.day, v.source, "visitors"));
      if (v.campaign) add(k.anCampaign(v.pageId, v.day, v.campaign, "visitors"));
      add(k.anDevice(v.pageId, v.day, v.device));
    }
    for (const { key, n } of sums.values()) addToCounter(op, key, n);
  });
}

async function unseen(list: Visitor[]): Promise<Visitor[]> {
  const out: Visitor[] = [];
  for (let i = 0; i < list.length; i += 10) {
    const slice = list.slice(i, i + 10);
    const entries = await kv().getMany(slice.map((v) => k.visitorSeen(v.day, v.hash)));
    slice.forEach((v, j) => entries[j].versionstamp === null && out.push(v));
  }
  return out;
}

/**
 * The flush hook: make sure today's and tomorrow's salts are known (so the request path never
 * waits for one), hash visits that waited for a salt, commit new visitors, and tell open
 * analytics pages that their figures moved. Views are buffered sums written right after this
 * hook, so a page is announced one flush after it was counted, when its views have landed.
 */
export async function flushVisits() {
  const counted = views;
  views = new Map();
  for (const [id, n] of counted) {
    const cut = id.indexOf("|");
    bufferSum(k.anDay(id.slice(cut + 1), id.slice(0, cut), "views"), n);
  }
  const today = currentDay();
  await saltOf(today);
  await saltOf(nextDay(today));
  const waited = waiting;
  waiting = [];
  for (const w of waited) {
    if (firstSeen(w.day, (await saltOf(w.day)).seeds, w.who)) fresh.push(w);
  }
  const announce = toAnnounce;
  toAnnounce = touched;
  touched = new Set();
  // One hash per day and visitor in a flush, even if the in-memory set started again.
  const list = fresh;
  fresh = [];
  const byId = new Map<string, Visitor>();
  for (const f of list) {
    const hash = visitorHash((await saltOf(f.day)).salt, f.who);
    byId.set(`${f.day}:${hash}`, { ...f, hash });
  }
  const batch = [...byId.values()];
  for (let i = 0; i < batch.length; i += BATCH) {
    try {
      await commitVisitors(batch.slice(i, i + BATCH));
    } catch (e) {
      fresh.push(...batch.slice(i)); // the next flush tries them again
      throw e;
    }
  }
  // At most one event per page every ANNOUNCE_MS (each is logged for a week): a page not due
  // yet is announced at a later flush.
  const now = Date.now();
  const pages = [...announce].filter((pageId) => {
    if (now - (announcedAt.get(pageId) ?? 0) >= ANNOUNCE_MS) return true;
    toAnnounce.add(pageId);
    return false;
  });
  for (const pageId of pages) announcedAt.set(pageId, now);
  if (announcedAt.size > 100_000) announcedAt.clear();
  for (let i = 0; i < pages.length; i += 300) {
    const op = kv().atomic();
    for (const pageId of pages.slice(i, i + 300)) {
      addEvent(op, analyticsTopic(pageId), "analytics", { pageId });
    }
    await op.commit();
  }
}

onFlush(() => flushVisits().catch((e) => console.error("analytics flush:", e)));

/** Forget this process's salts and sets (tests: what a restart does; the KV copies stay). */
export function forgetInMemory() {
  salts.clear();
  seen.clear();
}
