// Serving running experiments on the published site. Each variant's page is rendered once (on
// start, on a variant edit, on a republish) into a prepared response with its own ETag; a request
// costs one map lookup, one hash and an in-memory exposure count (lib/kv/buffered.ts writes it).
//
// Assignment is sticky without a cookie: a visitor's point u in [0, 1) is the hash of (secret,
// experiment id, client address, User-Agent), and the variant is the one whose share covers u.
// The secret is kept in KV (not the analytics' daily salt) so a visitor stays put across days and
// restarts. `split` shares follow the weights; `bandit` shares are Thompson-sampling draws,
// recomputed every REFRESH_MS from the counts, so a visitor only moves when the shares move
// across their point.
import { createHash } from "node:crypto";
import { config } from "../config.ts";
import { bufferSum, getLarge, keys, kv } from "../kv/index.ts";
import { getPage, type PageRecord } from "../pages/index.ts";
import { renderSiteHtml, siteHeaders } from "../sites/index.ts";
import { hasWidget, widgetCsp } from "../sites/serve.ts";
import { publish } from "../realtime/index.ts";
import { experimentTopic } from "../realtime/topics.ts";
import { liveExperiments, type PreparedAnswer, type VariantChooser } from "./live.ts";
import type { Experiment } from "./model.ts";
import { variantCounts } from "./model.ts";
import { pick, probabilityToBeBest, sharesOf } from "./stats.ts";
import { prepareResponses } from "../sites/prepared-responses.ts";

/** How often running experiments are re-read (other instances' changes, bandit shares). */
export const REFRESH_MS = 2000;
/** Visitors remembered per experiment for unique counting before the memory is reset. */
const SEEN_MAX = 500_000;

interface Live {
  exp: Experiment;
  /** What the prepared answers were rendered from: redone when this changes. */
  stamp: string;
  answers: PreparedAnswer[];
  shares: number[];
  seen: Set<number>;
  /** The counts at the last refresh: a change is announced to the results page. */
  countsKey: string;
}

const live = new Map<string, Live>();
let secret = "";
let timer: ReturnType<typeof setInterval> | undefined;

/** The hidden field that tells the lead path which variant showed the form. */
export function withVariantField(html: string, variantId: string): string {
  return html.replace(
    /(<form\b[^>]*\baction="\/forms\/[^"]*"[^>]*>)/g,
    `$1<input type="hidden" name="_variant" value="${variantId}">`,
  );
}

function prepareAnswers(exp: Experiment, page: PageRecord): PreparedAnswer[] {
  return exp.variants.map((v) => {
    const html = withVariantField(renderSiteHtml({ ...page, content: v.content }), v.id);
    const etag = `"${createHash("sha256").update(html).digest("hex").slice(0, 24)}"`;
    // Private: a shared cache would hand one visitor's variant to everyone.
    // A page with the support widget keeps the widget's CSP in every variant.
    const headers = siteHeaders({
      etag,
      "cache-control": "private, max-age=0, must-revalidate",
      vary: "Accept-Encoding, User-Agent",
    }, hasWidget(html) ? widgetCsp() : undefined);
    return { site: { pageId: page.id, etag, html }, responses: prepareResponses(html, headers) };
  });
}

/**
 * The visitor's hash: a fast 64-bit hash (cyrb53's mixing) of address and User-Agent, seeded
 * with 64 bits derived from the secret and the experiment id, so points are stable per
 * experiment and cannot be worked out without the secret. SHA-256 per request cost ~30 µs
 * here; this costs ~1 µs. h1 gives the point u; both halves the unique-visitor id (53 bits).
 */
function visitorHash(seed: [number, number], ip: string, ua: string) {
  const str = `${ip}\n${ua}`;
  let h1 = 0xdeadbeef ^ seed[0];
  let h2 = 0x41c6ce57 ^ seed[1];
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { u: (h1 >>> 0) / 4294967296, id: (h2 & 0x1fffff) * 4294967296 + (h1 >>> 0) };
}

/** The client address, by the same rule as lib/http clientIp (a form post is hashed alike). */
function visitorIp(req: Request, addr: Deno.NetAddr | undefined): string {
  if (config().trustProxy) {
    const xff = req.headers.get("x-forwarded-for");
    if (xff) return xff.split(",").at(-1)!.trim();
  }
  return addr?.hostname ?? "unknown";
}

/**
 * The variant a visitor (address as lib/http clientIp gives it, User-Agent) is assigned to:
 * the same choice the page was served with. A bandit's shares are this process's current ones;
 * with no live copy here yet, a split experiment's shares follow its weights.
 */
export function assignedVariant(
  exp: Experiment,
  visitor: { ip: string; ua: string },
): string | null {
  const entry = live.get(exp.pageId);
  const shares = entry?.exp.id === exp.id
    ? entry.shares
    : exp.mode === "split"
    ? sharesOf(exp.variants.map((v) => v.weight))
    : null;
  if (!shares || !secret) return null;
  const { u } = visitorHash(seedOf(exp.id), visitor.ip, visitor.ua);
  return exp.variants[pick(shares, u)]?.id ?? null;
}

function seedOf(expId: string): [number, number] {
  const d = createHash("sha256").update(`${secret}\n${expId}`).digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}

function chooserFor(entry: Live): VariantChooser {
  const seed = seedOf(entry.exp.id);
  // The variants' answers in the shape of the cache entry they replace, made once per entry.
  let made: { from: unknown; src: PreparedAnswer[]; answers: unknown[] } = {
    from: null,
    src: [],
    answers: [],
  };
  return <T extends PreparedAnswer>(
    req: Request,
    page: T,
    addr: Deno.NetAddr | undefined,
    countsAsView: boolean,
    userAgent: string,
  ): T => {
    const { u, id } = visitorHash(seed, visitorIp(req, addr), userAgent);
    const i = pick(entry.shares, u);
    if (countsAsView && !entry.seen.has(id)) {
      if (entry.seen.size >= SEEN_MAX) entry.seen.clear();
      entry.seen.add(id);
      bufferSum(keys.experimentVisitors(entry.exp.id, entry.exp.variants[i].id), 1);
    }
    if (made.from !== page || made.src !== entry.answers) {
      made = {
        from: page,
        src: entry.answers,
        answers: entry.answers.map((a) => ({
          ...page,
          site: { ...page.site, etag: a.site.etag, html: a.site.html },
          responses: a.responses,
        })),
      };
    }
    return made.answers[i] as T;
  };
}

async function sharesFor(
  exp: Experiment,
  prev: Live | undefined,
): Promise<{ shares: number[]; countsKey: string }> {
  const counts = await variantCounts(exp);
  const countsKey = JSON.stringify(counts);
  if (exp.mode === "split") {
    return { shares: sharesOf(exp.variants.map((v) => v.weight)), countsKey };
  }
  // No new evidence: the shares stay (a fresh draw would only move visitors for nothing).
  if (prev?.exp.id === exp.id && prev.exp.mode === "bandit" && prev.countsKey === countsKey) {
    return { shares: prev.shares, countsKey };
  }
  // A fresh seed each time: Thompson sampling is a new draw per recomputation.
  const seed = Math.floor(Math.random() * 2 ** 31);
  return { shares: probabilityToBeBest(counts, 1000, seed), countsKey };
}

/** Bring this process's copy of a page's running experiment up to date (or drop it). */
export async function refreshPage(pageId: string): Promise<void> {
  const claim = await kv().get<string>(keys.runningExperiment(pageId));
  const exp = claim.value
    ? (await getLarge<Experiment>(keys.experiment(pageId, claim.value))).value
    : null;
  const page = exp?.status === "running" ? await getPage(pageId) : null;
  if (claim.value && (!exp || !page)) {
    // The page (or the record) was deleted under a running experiment: release its claim.
    await kv().atomic().check(claim).delete(keys.runningExperiment(pageId)).commit();
  }
  if (!exp || !page) {
    live.delete(pageId);
    liveExperiments.delete(pageId);
    return;
  }
  const prev = live.get(pageId);
  const stamp = `${exp.id}|${exp.updatedAt}|${page.publishedAt}|${page.slug}`;
  const { shares, countsKey } = await sharesFor(exp, prev);
  if (prev && prev.exp.id === exp.id) {
    if (prev.countsKey !== countsKey) {
      await publish(experimentTopic(exp.id), "results", {}).catch(() => {});
    }
    if (prev.stamp !== stamp) {
      prev.answers = prepareAnswers(exp, page);
      prev.stamp = stamp;
    }
    prev.exp = exp;
    prev.shares = shares;
    prev.countsKey = countsKey;
    return;
  }
  const entry: Live = {
    exp,
    stamp,
    answers: prepareAnswers(exp, page),
    shares,
    seen: new Set(),
    countsKey,
  };
  live.set(pageId, entry);
  liveExperiments.set(pageId, chooserFor(entry));
}

/** Re-read every running experiment (and drop the ones that ended elsewhere). */
export async function refreshAll(): Promise<void> {
  const running = new Set<string>();
  for await (const e of kv().list<string>({ prefix: keys.runningExperiments() })) {
    running.add(e.key[1] as string);
  }
  for (const pageId of new Set([...running, ...live.keys()])) await refreshPage(pageId);
}

async function loadSecret(): Promise<string> {
  const key = keys.config("experiment_secret");
  const have = await kv().get<string>(key);
  if (have.value) return have.value;
  const fresh = Array.from(
    crypto.getRandomValues(new Uint8Array(32)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const res = await kv().atomic().check(have).set(key, fresh).commit();
  return res.ok ? fresh : (await kv().get<string>(key)).value!;
}

let refreshing: Promise<void> | undefined;

export async function startExperiments(intervalMs = REFRESH_MS): Promise<void> {
  secret = await loadSecret();
  await refreshAll();
  timer = setInterval(() => {
    refreshing ??= refreshAll()
      .catch((e) => console.error("experiments refresh:", e))
      .finally(() => (refreshing = undefined));
  }, intervalMs);
}

/** Stop refreshing (waiting for a refresh under way, which reads KV) and forget the variants. */
export async function stopExperiments() {
  clearInterval(timer);
  timer = undefined;
  await refreshing;
  live.clear();
  liveExperiments.clear();
}
