// The one rate limiter: fixed-window counters in KV (so every instance on the same KV shares
// them), counted atomically before the work they protect, and a per-subject usage quota. Every
// limit the app applies is named in `rules` below, read from the configuration, so they can be
// found (and tuned for tests) in one place.
import { config } from "../config.ts";
import { keys, kv, noCommit, retryAtomic } from "../kv/index.ts";
import { AppError, tooMany } from "./index.ts";

export interface RateRule {
  /** The bucket's name in KV (one counter per bucket, subject and window). */
  name: string;
  /** Hits allowed per window; 0 or less switches the rule off. */
  limit: number;
  windowMs: number;
  /** What a refused caller is told (the 429's message). */
  message?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every limit of the app. Functions, because tests start servers with other configurations. */
export const rules = {
  /** Lead-form posts per client address and site. */
  formPost: (): RateRule => ({
    name: "forms",
    limit: config().formRatePerMinute,
    windowMs: MINUTE,
  }),
  /** Sign-in attempts per client address (any account), counted before the password is hashed. */
  loginPerAddress: (): RateRule => ({
    name: "login_ip",
    limit: 20,
    windowMs: 15 * MINUTE,
    message: "Too many sign-in attempts from your network; try again later",
  }),
  /** New accounts per client address. */
  registerPerAddress: (): RateRule => ({
    name: "register_ip",
    limit: config().registerRatePer10Min,
    windowMs: 10 * MINUTE,
    message: "Too many accounts created from your network; try again later",
  }),
  /** Password-reset emails per client address. */
  resetPerAddress: (): RateRule => ({
    name: "reset_ip",
    limit: 10,
    windowMs: HOUR,
    message: "Too many password-reset requests; try again later",
  }),
  /** Password-reset emails per target address (whether or not it has an account). */
  resetPerAccount: (): RateRule => ({
    name: "reset_account",
    limit: 3,
    windowMs: HOUR,
    message: "Too many password-reset requests for this address; try again later",
  }),
  /** Support-chat messages per user: each one starts an assistant job. */
  chatMessage: (): RateRule => ({
    name: "chat_message",
    limit: config().chatRatePerMinute,
    windowMs: MINUTE,
    message: "You are sending messages too fast; wait a moment",
  }),
  /** Guest chat rooms per client address (each starts an assistant job); off with chat limits. */
  guestRoom: (): RateRule => ({
    name: "guest_room",
    limit: config().chatRatePerMinute > 0 ? 5 : 0,
    windowMs: HOUR,
    message: "Too many conversations started from your network; try again later",
  }),
  /** Guest chat messages per client address, all of its guests together. */
  guestMessage: (): RateRule => ({
    name: "guest_message",
    limit: config().chatRatePerMinute,
    windowMs: MINUTE,
    message: "You are sending messages too fast; wait a moment",
  }),
  /** Image uploads per user. */
  upload: (): RateRule => ({
    name: "upload",
    limit: config().uploadRatePerMinute,
    windowMs: MINUTE,
    message: "Too many uploads at once; wait a moment",
  }),
};

function windowOf(rule: RateRule, now = Date.now()) {
  const index = Math.floor(now / rule.windowMs);
  return { index, endsInS: ((index + 1) * rule.windowMs - now) / 1000 };
}

function counterKey(rule: RateRule, subject: string, index: number): Deno.KvKey {
  return keys.rateLimit(rule.name, subject, index);
}

/**
 * Count one hit of `subject` against `rule`, or refuse it with a 429 (Retry-After: when the
 * window ends). The check and the count are one atomic commit, so concurrent requests cannot
 * all read "under the limit"; refused hits are not counted (a client that backs off gets in when
 * the window turns).
 */
/**
 * The subject under which a client address is limited. An IPv6 client usually holds a whole /64
 * (one machine can pick any address in it), so IPv6 addresses count per /64; an IPv4-mapped IPv6
 * address counts as its IPv4 address.
 */
export function addressSubject(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return v4mapped[1];
  if (!ip.includes(":")) return ip;
  const bare = ip.replace(/^\[|\]$/g, "").split("%")[0].toLowerCase();
  const [head, tail = ""] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = bare.includes("::") && tail ? tail.split(":") : [];
  const groups = bare.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":") + "::/64";
}

export async function hit(rule: RateRule, subject: string): Promise<void> {
  if (rule.limit <= 0) return;
  const { index, endsInS } = windowOf(rule);
  const key = counterKey(rule, subject, index);
  await retryAtomic(async (op) => {
    const entry = await kv().get<number>(key);
    const used = entry.value ?? 0;
    if (used >= rule.limit) throw limited(rule, endsInS);
    op.check(entry).set(key, used + 1, { expireIn: rule.windowMs * 2 });
  });
}

/** Give back a hit counted in the current window (a sign-in that succeeded, say). */
export async function unhit(rule: RateRule, subject: string): Promise<void> {
  if (rule.limit <= 0) return;
  const key = counterKey(rule, subject, windowOf(rule).index);
  await retryAtomic(async (op) => {
    const entry = await kv().get<number>(key);
    if (!entry.value) return noCommit(undefined);
    op.check(entry).set(key, entry.value - 1, { expireIn: rule.windowMs * 2 });
  });
}

function limited(rule: RateRule, retryAfterS: number): AppError {
  const err = tooMany(retryAfterS);
  if (rule.message) err.message = rule.message;
  return err;
}

// ---------- quotas: a running total per subject that must stay under a maximum

export interface Quota {
  name: string;
  /** The largest total allowed; 0 or less switches the quota off. */
  max: number;
  /** What a caller over the quota is told (a 413). */
  message: string;
}

export const quotas = {
  /** Bytes of images a user may store. */
  uploadBytes: (): Quota => ({
    name: "upload_bytes",
    max: config().uploadQuotaBytes,
    message: `Your image storage is full (${
      Math.round(config().uploadQuotaBytes / 1024 / 1024)
    } MB); delete some images first`,
  }),
};

/**
 * Reserve `amount` of `subject`'s quota (413 when it would go over), atomically, so parallel
 * requests cannot together pass it. Returns a function that gives the reservation back (for a
 * save that failed after reserving).
 */
export async function reserveQuota(
  quota: Quota,
  subject: string,
  amount: number,
): Promise<() => Promise<void>> {
  if (quota.max <= 0) return async () => {};
  // Kept beside the rate counters (window 0, no expiry): a running total, not a window.
  const key = keys.rateLimit(`quota:${quota.name}`, subject, 0);
  await retryAtomic(async (op) => {
    const entry = await kv().get<number>(key);
    const used = entry.value ?? 0;
    if (used + amount > quota.max) {
      throw new AppError(413, "quota_exceeded", quota.message, undefined, {
        quota: { used, max: quota.max },
      });
    }
    op.check(entry).set(key, used + amount);
  });
  return async () => {
    await retryAtomic(async (op) => {
      const entry = await kv().get<number>(key);
      op.check(entry).set(key, Math.max(0, (entry.value ?? 0) - amount));
    });
  };
}

// ---------- sliding logs: the last `limit` hit times, for "one per gap, N per window"

export interface SpacedRule extends RateRule {
  /** The least time between two hits. */
  gapMs: number;
}

export const spacedRules = {
  /** Verification emails per account: one a minute, five a day. */
  verificationEmail: (): SpacedRule => ({
    name: "verify_email",
    limit: 5,
    windowMs: 24 * HOUR,
    gapMs: MINUTE,
  }),
};

/**
 * Record a hit of `subject` now. With `enforce` (the default), first refuse with a 429 when the
 * last hit was under `gapMs` ago or `limit` hits fall in the last `windowMs` (Retry-After: when
 * the earliest of them leaves the window). Without it the hit is only recorded (an email the app
 * sent on its own still counts toward the next request's limit).
 */
export async function hitSpaced(
  rule: SpacedRule,
  subject: string,
  opts: { enforce?: boolean } = {},
): Promise<void> {
  const key = keys.rateLimit(rule.name, subject, 0);
  await retryAtomic(async (op) => {
    const entry = await kv().get<number[]>(key);
    const now = Date.now();
    const hits = (entry.value ?? []).filter((t) => now - t < rule.windowMs);
    if (opts.enforce !== false && hits.length) {
      const last = Math.max(...hits);
      if (now - last < rule.gapMs) throw limited(rule, (last + rule.gapMs - now) / 1000);
      if (hits.length >= rule.limit) {
        throw limited(rule, (Math.min(...hits) + rule.windowMs - now) / 1000);
      }
    }
    op.check(entry).set(key, [...hits, now].slice(-rule.limit), { expireIn: rule.windowMs });
  });
}
