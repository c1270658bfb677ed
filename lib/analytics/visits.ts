// Counting visits to published pages on the server: no cookie, no script, no KV work on the
// request path. A view is a buffered sum (lib/kv/buffered.ts). A visitor is a salted hash of
// (page, client address, User-Agent) under a random salt per UTC day: the request only hashes
// and looks the hash up in this process's set of the day; a hash seen for the first time is
// queued, and the flush (once a second) commits it with a "seen" marker that must not exist yet
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

interface Visitor {
  pageId: string;
  day: string;
  hash: string;
  source: string;
  campaign: string | null;
  device: string;
}

type Waiting = Omit<Visitor, "hash"> & { address: string; userAgent: string };

const salts = new Map<string, string>();
const seen = new Map<string, Set<string>>();
let fresh: Visitor[] = [];
let waiting: Waiting[] = [];
/** Pages counted since the last flush, and those to announce at the next one (see flush). */
let touched = new Set<string>();
let toAnnounce = new Set<string>();

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

function visitorHash(salt: string, pageId: string, address: string, userAgent: string) {
  return createHash("sha256").update(`${salt}\n${pageId}\n${address}\n${userAgent}`)
    .digest("base64url").slice(0, 22);
}

function markSeen(v: Visitor) {
  let set = seen.get(v.day);
  if (!set || set.size >= SEEN_CAP) seen.set(v.day, set = new Set());
  if (set.has(v.hash)) return;
  set.add(v.hash);
  fresh.push(v);
}

/**
 * Count one view of `pageId` by the client at `address` (already checked to count: see
 * lib/sites/views.ts countsAsView). Synchronous: a buffered sum, a hash and a set lookup.
 */
export function recordVisit(req: Request, pageId: string, address: string) {
  const day = currentDay();
  bufferSum(k.anDay(pageId, day, "views"));
  touched.add(pageId);
  const userAgent = req.headers.get("user-agent") ?? "";
  const salt = salts.get(day);
  const hash = salt ? visitorHash(salt, pageId, address, userAgent) : null;
  if (hash && seen.get(day)?.has(hash)) return;
  const utm = utmOf(req.url);
  const referrer = externalReferrer(req.headers.get("referer"), req.headers.get("host"));
  const visit = {
    pageId,
    day,
    source: sourceName(utm.utm_source, referrer),
    campaign: utm.utm_campaign ?? null,
    device: deviceClass(userAgent),
  };
  if (hash) markSeen({ ...visit, hash });
  else if (waiting.length < WAITING_CAP) waiting.push({ ...visit, address, userAgent });
}

/** The salt of `day`: this process's copy, else the shared one in KV, else a new random one. */
async function saltOf(day: string): Promise<string> {
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
  salts.set(day, salt);
  // Rotation: older days' salts and sets are forgotten here (their KV copies expire).
  for (const d of [...salts.keys()]) if (d < previousDay(day)) salts.delete(d);
  for (const d of [...seen.keys()]) if (d < previousDay(day)) seen.delete(d);
  return salt;
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
  const today = currentDay();
  await saltOf(today);
  await saltOf(nextDay(today));
  const waited = waiting;
  waiting = [];
  for (const w of waited) {
    const salt = await saltOf(w.day);
    const { address, userAgent, ...visit } = w;
    markSeen({ ...visit, hash: visitorHash(salt, w.pageId, address, userAgent) });
  }
  const announce = toAnnounce;
  toAnnounce = touched;
  touched = new Set();
  // One hash per day and visitor in a flush, even if the in-memory set started again.
  const byId = new Map(fresh.map((v) => [`${v.day}:${v.hash}`, v]));
  fresh = [];
  const batch = [...byId.values()];
  for (let i = 0; i < batch.length; i += BATCH) {
    try {
      await commitVisitors(batch.slice(i, i + BATCH));
    } catch (e) {
      fresh.push(...batch.slice(i)); // the next flush tries them again
      throw e;
    }
  }
  const pages = [...announce];
  for (let i = 0; i < pages.length; i += 300) {
    const op = kv().atomic();
    for (const pageId of pages.slice(i, i + 300)) {
      addEvent(op, analyticsTopic(pageId), "analytics", { pageId });
    }
    await op.commit();
  }
}

onFlush(() => flushVisits().catch((e) => console.error("analytics flush:", e)));

/** Forget this process's salts and sets (tests: what a restart does). */
export function forgetInMemory() {
  salts.clear();
  seen.clear();
}
