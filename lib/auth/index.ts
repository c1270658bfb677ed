// Accounts: users, password hashes, access/refresh tokens, email verification and resets.
import { scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { config } from "../config.ts";
import { keys, kv, newId, nowIso } from "../kv/index.ts";
import {
  AppError,
  conflict,
  forbidden,
  invalid,
  notFound,
  tooMany,
  unauthorized,
} from "../http/index.ts";
import { sendMail } from "../mail/index.ts";
import { bumpStats } from "../admin/stats.ts";

export type Role = "user" | "admin";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  emailVerified: boolean;
  passwordHash: string | null;
  githubId: string | null;
  suspended: boolean;
  /** Raised on password reset: access tokens minted before it stop working. */
  tokenVersion: number;
  createdAt: string;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  emailVerified: boolean;
  suspended: boolean;
  balance: { available: number; held: number; currency: string };
  createdAt: string;
}

// Seller balances live in lib/payments; re-exported here for older imports.
import { getBalance } from "../payments/balances.ts";
export { type Balance, emptyBalance, getBalance } from "../payments/balances.ts";

export async function toPublicUser(user: UserRecord): Promise<PublicUser> {
  const b = await getBalance(user.id);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerified,
    suspended: user.suspended,
    balance: { available: b.available, held: b.held, currency: b.currency },
    createdAt: user.createdAt,
  };
}

// ---------- passwords (scrypt; parameters live in the hash so they can be raised later)

function scrypt(
  password: string,
  salt: Uint8Array,
  n: number,
  r: number,
  p: number,
) {
  return new Promise<Uint8Array>((resolve, reject) =>
    scryptCb(password, salt, 64, {
      N: n,
      r,
      p,
      maxmem: 256 * 1024 * 1024 + 1024 * r * 1024,
    }, (e, key) => e ? reject(e) : resolve(new Uint8Array(key)))
  );
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const logN = config().scryptLogN;
  const key = await scrypt(password, salt, 2 ** logN, 8, 1);
  return `scrypt$${logN}$8$1$${b64(salt)}$${b64(key)}`;
}

export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const [alg, logN, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt") return false;
  const key = await scrypt(
    password,
    unb64(salt),
    2 ** Number(logN),
    Number(r),
    Number(p),
  );
  const expected = unb64(hash);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A fixed hash to compare against for unknown emails, so both failures take the same time.
let dummyHash: Promise<string> | null = null;

// ---------- users

export const registerSchema = z.object({
  email: z.string().trim().max(254).pipe(
    z.email({ message: "Enter a valid email address" }),
  ),
  password: z.string().min(8, "Use at least 8 characters").max(200),
  name: z.string().trim().min(1, "Enter your name").max(100),
});

export async function getUser(id: string): Promise<UserRecord | null> {
  return (await kv().get<UserRecord>(keys.user(id))).value;
}

export async function getUserByEmail(
  email: string,
): Promise<UserRecord | null> {
  const id = (await kv().get<string>(keys.userByEmail(email))).value;
  return id ? await getUser(id) : null;
}

export async function createUser(input: {
  email: string;
  name: string;
  password?: string | null;
  role?: Role;
  emailVerified?: boolean;
  githubId?: string | null;
}): Promise<UserRecord> {
  const user: UserRecord = {
    id: newId(),
    email: input.email.trim(),
    name: input.name.trim(),
    role: input.role ?? "user",
    emailVerified: input.emailVerified ?? false,
    passwordHash: input.password ? await hashPassword(input.password) : null,
    githubId: input.githubId ?? null,
    suspended: false,
    tokenVersion: 0,
    createdAt: nowIso(),
  };
  const op = kv().atomic()
    .check({ key: keys.userByEmail(user.email), versionstamp: null })
    .set(keys.user(user.id), user)
    .set(keys.userByEmail(user.email), user.id);
  bumpStats(op, { users: 1 });
  if (user.githubId) {
    op.check({ key: keys.userByGithub(user.githubId), versionstamp: null })
      .set(keys.userByGithub(user.githubId), user.id);
  }
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("email_taken", "An account with this email already exists");
  }
  return user;
}

export async function register(input: z.infer<typeof registerSchema>) {
  const user = await createUser(input);
  await sendVerificationEmail(user);
  return user;
}

export async function updateUser(
  id: string,
  patch: (u: UserRecord) => UserRecord,
): Promise<UserRecord> {
  for (let i = 0; i < 10; i++) {
    const entry = await kv().get<UserRecord>(keys.user(id));
    if (!entry.value) throw notFound("User");
    const next = patch(entry.value);
    const res = await kv().atomic().check(entry).set(keys.user(id), next)
      .commit();
    if (res.ok) return next;
  }
  throw conflict("busy", "The account changed concurrently, try again");
}

// ---------- login throttling: 5 failures per email (20 per address) in 15 minutes

const FAIL_WINDOW_MS = 15 * 60 * 1000;
// Failures are counted per address and account (5), so someone elsewhere cannot lock a user
// out; per address (20) against spraying; and per account (50) against guessing from many.
const MAX_FAILS_PER_EMAIL_AND_IP = 5;
const MAX_FAILS_PER_IP = 20;
const MAX_FAILS_PER_EMAIL = 50;

interface Failures {
  count: number;
  first: number;
}

async function checkThrottle(subjects: [string, number][]) {
  const entries = await kv().getMany<Failures[]>(
    subjects.map(([s]) => keys.loginFailures(s)),
  );
  entries.forEach((e, i) => {
    const f = e.value;
    if (
      f && f.count >= subjects[i][1] && Date.now() - f.first < FAIL_WINDOW_MS
    ) {
      throw tooMany((f.first + FAIL_WINDOW_MS - Date.now()) / 1000);
    }
  });
}

async function recordFailure(subject: string) {
  for (let i = 0; i < 5; i++) {
    const e = await kv().get<Failures>(keys.loginFailures(subject));
    const cur = e.value && Date.now() - e.value.first < FAIL_WINDOW_MS
      ? e.value
      : { count: 0, first: Date.now() };
    const res = await kv().atomic().check(e)
      .set(keys.loginFailures(subject), {
        count: cur.count + 1,
        first: cur.first,
      }, {
        expireIn: FAIL_WINDOW_MS,
      }).commit();
    if (res.ok) return;
  }
}

export async function login(
  email: string,
  password: string,
  ip: string,
): Promise<UserRecord> {
  // The same normalisation as registration: surrounding spaces dropped, case folded.
  email = email.trim().toLowerCase();
  const pairKey = `email:${email}|ip:${ip}`;
  const emailKey = `email:${email}`;
  const ipKey = `ip:${ip}`;
  await checkThrottle([
    [pairKey, MAX_FAILS_PER_EMAIL_AND_IP],
    [ipKey, MAX_FAILS_PER_IP],
    [emailKey, MAX_FAILS_PER_EMAIL],
  ]);
  const user = await getUserByEmail(email);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : (await verifyPassword(password, await dummyHash), false);
  if (!user || !ok) {
    await Promise.all([pairKey, emailKey, ipKey].map(recordFailure));
    throw new AppError(
      401,
      "invalid_credentials",
      "Email or password is incorrect",
    );
  }
  if (user.suspended) throw forbidden("This account is suspended");
  await kv().delete(keys.loginFailures(pairKey));
  return user;
}

// ---------- tokens

const ACCESS_TTL_S = 15 * 60;
const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;

let jwtKey: Uint8Array | null = null;

async function signingKey(): Promise<Uint8Array> {
  if (jwtKey) return jwtKey;
  const fromEnv = config().jwtSecret;
  if (fromEnv) return jwtKey = new TextEncoder().encode(fromEnv);
  // One secret shared by every instance on the same KV, made on first start.
  const fresh = b64(crypto.getRandomValues(new Uint8Array(32)));
  await kv().atomic().check({
    key: keys.config("jwt_secret"),
    versionstamp: null,
  })
    .set(keys.config("jwt_secret"), fresh).commit();
  const stored = (await kv().get<string>(keys.config("jwt_secret"))).value!;
  return jwtKey = new TextEncoder().encode(stored);
}

export function resetKeyCache() {
  jwtKey = null;
}

/**
 * A 15-minute access token. `sid` is the session (refresh-token family) it belongs to: ending
 * the session (logout, refresh-token reuse) ends its access tokens too.
 */
export async function signAccessToken(user: UserRecord, sessionId?: string): Promise<string> {
  return await new SignJWT({
    role: user.role,
    tv: user.tokenVersion,
    ...(sessionId ? { sid: sessionId } : {}),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TTL_S}s`)
    .sign(await signingKey());
}

/** The signed-in user for an access token, or null when it is invalid, expired or revoked. */
export async function userFromAccessToken(
  token: string,
): Promise<UserRecord | null> {
  return (await verifyAccessToken(token))?.user ?? null;
}

/**
 * An access token's user and session, or null when the token is invalid, expired or revoked (a
 * password reset raised the user's tokenVersion, or its session ended). The user record and the
 * session are read in one KV call.
 */
export async function verifyAccessToken(
  token: string,
): Promise<{ user: UserRecord; sessionId: string | null } | null> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      algorithms: ["HS256"],
    });
    if (!payload.sub) return null;
    const sessionId = typeof payload.sid === "string" ? payload.sid : null;
    let user: UserRecord | null;
    if (sessionId) {
      const [u, fam] = await kv().getMany<[UserRecord, RefreshFamily]>([
        keys.user(payload.sub),
        keys.refreshFamily(sessionId),
      ]);
      const family = fam.value;
      if (!family || family.revoked || family.userId !== payload.sub) return null;
      user = u.value;
    } else {
      user = await getUser(payload.sub);
    }
    if (!user || user.tokenVersion !== (payload.tv ?? 0)) return null;
    return { user, sessionId };
  } catch {
    return null;
  }
}

/**
 * Whether a signed-in session still holds for a long-lived stream: the user exists and is not
 * suspended (nor demoted, when `role` is asked), and the session was not ended by a logout, a
 * reused refresh token or a password reset.
 */
export async function sessionHolds(
  userId: string,
  sessionId: string | null,
  role?: UserRecord["role"],
): Promise<boolean> {
  const [u, fam] = await kv().getMany<[UserRecord, RefreshFamily]>([
    keys.user(userId),
    keys.refreshFamily(sessionId ?? "none"),
  ]);
  const user = u.value;
  if (!user || user.suspended || (role && user.role !== role)) return false;
  if (!sessionId) return true;
  const family = fam.value;
  return !!family && !family.revoked && (family.tokenVersion ?? 0) === user.tokenVersion;
}

interface RefreshRecord {
  userId: string;
  familyId: string;
  used: boolean;
  usedAt?: number;
  expiresAt: number;
}

interface RefreshFamily {
  userId: string;
  revoked: boolean;
  expiresAt: number;
  /** The user's tokenVersion when the session began: a password reset ends older sessions. */
  tokenVersion?: number;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

function randomToken(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32))).replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export interface Session {
  user: UserRecord;
  accessToken: string;
  /** Null when a concurrent request already rotated the refresh token (see rotateRefreshToken). */
  refreshToken: string | null;
  /** The refresh-token family: what logout ends, and what access tokens name as `sid`. */
  sessionId: string;
}

/** Start a new refresh-token family (login, register). */
export async function startSession(user: UserRecord): Promise<Session> {
  const familyId = newId();
  const refreshToken = randomToken();
  const expiresAt = Date.now() + REFRESH_TTL_MS;
  await kv().atomic()
    .set(keys.refreshFamily(familyId), {
      userId: user.id,
      revoked: false,
      expiresAt,
      tokenVersion: user.tokenVersion,
    }, {
      expireIn: REFRESH_TTL_MS,
    })
    .set(keys.refreshToken(await sha256(refreshToken)), {
      userId: user.id,
      familyId,
      used: false,
      expiresAt,
    }, { expireIn: REFRESH_TTL_MS })
    .commit();
  return {
    user,
    accessToken: await signAccessToken(user, familyId),
    refreshToken,
    sessionId: familyId,
  };
}

/**
 * Rotate a refresh token. Presenting a used token revokes its whole family, except within
 * `graceMs` of its rotation: a browser's concurrent requests may all carry the same expired
 * session, and only the first rotates it. Those late ones get an access token, no new refresh.
 */
export async function rotateRefreshToken(
  token: string,
  opts: { graceMs?: number } = {},
): Promise<Session> {
  const hash = await sha256(token);
  for (let attempt = 0; attempt < 2; attempt++) {
    const entry = await kv().get<RefreshRecord>(keys.refreshToken(hash));
    const rec = entry.value;
    if (!rec || rec.expiresAt < Date.now()) throw unauthorized("Your session has expired");
    const famEntry = await kv().get<RefreshFamily>(keys.refreshFamily(rec.familyId));
    const family = famEntry.value;
    if (!family || family.revoked || family.expiresAt < Date.now()) {
      throw unauthorized("Your session has expired");
    }
    const user = await getUser(rec.userId);
    if (!user || user.suspended || user.tokenVersion !== (family.tokenVersion ?? 0)) {
      throw unauthorized("Your session has expired");
    }
    if (rec.used) {
      if (opts.graceMs && rec.usedAt && Date.now() - rec.usedAt < opts.graceMs) {
        return {
          user,
          accessToken: await signAccessToken(user, rec.familyId),
          refreshToken: null,
          sessionId: rec.familyId,
        };
      }
      await kv().set(keys.refreshFamily(rec.familyId), { ...family, revoked: true }, {
        expireIn: Math.max(1000, family.expiresAt - Date.now()),
      });
      throw new AppError(401, "token_reused", "This session was revoked; sign in again");
    }
    const next = randomToken();
    // The family keeps its absolute expiry: rotation never extends a session past 30 days.
    const ttl = family.expiresAt - Date.now();
    const res = await kv().atomic()
      .check(entry)
      .check(famEntry)
      .set(keys.refreshToken(hash), { ...rec, used: true, usedAt: Date.now() }, { expireIn: ttl })
      .set(keys.refreshToken(await sha256(next)), { ...rec, used: false }, { expireIn: ttl })
      .commit();
    if (res.ok) {
      return {
        user,
        accessToken: await signAccessToken(user, rec.familyId),
        refreshToken: next,
        sessionId: rec.familyId,
      };
    }
    // Lost a race with another use of the same token: look again, which applies the rules above.
  }
  throw unauthorized("Your session has expired");
}

/**
 * Log out: revoke the session named by a refresh token and/or by an access token's session id.
 * Its refresh tokens stop rotating and its access tokens stop working at once.
 */
export async function endSession(
  refreshToken: string | undefined,
  sessionId?: string | null,
) {
  const families = new Set<string>();
  if (sessionId) families.add(sessionId);
  if (refreshToken) {
    const rec = (await kv().get<RefreshRecord>(
      keys.refreshToken(await sha256(refreshToken)),
    )).value;
    if (rec) families.add(rec.familyId);
  }
  for (const familyId of families) await revokeFamily(familyId);
}

async function revokeFamily(familyId: string) {
  const key = keys.refreshFamily(familyId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv().get<RefreshFamily>(key);
    const fam = entry.value;
    if (!fam || fam.revoked) return;
    const res = await kv().atomic().check(entry)
      .set(key, { ...fam, revoked: true }, {
        expireIn: Math.max(1000, fam.expiresAt - Date.now()),
      })
      .commit();
    if (res.ok) return;
  }
}

// ---------- email verification and password reset

const EMAIL_TOKEN_TTL_MS = 48 * 3600 * 1000;
const RESET_TTL_MS = 3600 * 1000;

async function issueEmailToken(
  purpose: "verify" | "reset",
  userId: string,
  ttl: number,
) {
  const token = randomToken();
  await kv().set(keys.emailToken(purpose, await sha256(token)), { userId }, {
    expireIn: ttl,
  });
  return token;
}

async function consumeEmailToken(purpose: "verify" | "reset", token: string) {
  const key = keys.emailToken(purpose, await sha256(token));
  const entry = await kv().get<{ userId: string }>(key);
  if (!entry.value) {
    throw invalid("This link is invalid or has expired", { token: "invalid" });
  }
  const res = await kv().atomic().check(entry).delete(key).commit();
  if (!res.ok) throw invalid("This link was already used", { token: "used" });
  return entry.value.userId;
}

/**
 * Email the user a link to /auth/verify (an HTML page that confirms the address; API clients
 * get the same JSON as GET /api/auth/verify there). Records the send for the resend limits.
 */
export async function sendVerificationEmail(user: UserRecord) {
  await noteVerificationSend(user.id, false);
  await mailVerificationLink(user);
}

async function mailVerificationLink(user: UserRecord) {
  const token = await issueEmailToken("verify", user.id, EMAIL_TOKEN_TTL_MS);
  const link = `${config().appOrigin}/auth/verify?token=${encodeURIComponent(token)}`;
  await sendMail({
    to: user.email,
    subject: "Confirm your LandingHub email",
    text:
      `Hi ${user.name},\n\nConfirm your email address by opening this link:\n${link}\n\nThe link works for 48 hours.`,
  });
}

/** One verification email per minute per account, and at most 5 a day. */
export const RESEND_GAP_MS = 60 * 1000;
export const RESEND_MAX_PER_DAY = 5;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Record a verification email sent now; with `enforce`, first refuse (429 with Retry-After) when
 * one went out in the last minute or five in the last day. Registration records without limits.
 */
async function noteVerificationSend(userId: string, enforce: boolean) {
  const key = keys.rateLimit("verify_email", userId, 0);
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await kv().get<number[]>(key);
    const now = Date.now();
    const sent = (entry.value ?? []).filter((t) => now - t < DAY_MS);
    if (enforce && sent.length) {
      const last = Math.max(...sent);
      if (now - last < RESEND_GAP_MS) throw tooMany((last + RESEND_GAP_MS - now) / 1000);
      if (sent.length >= RESEND_MAX_PER_DAY) {
        throw tooMany((Math.min(...sent) + DAY_MS - now) / 1000);
      }
    }
    const res = await kv().atomic().check(entry)
      .set(key, [...sent, now].slice(-RESEND_MAX_PER_DAY), { expireIn: DAY_MS })
      .commit();
    if (res.ok) return;
  }
  throw tooMany(1);
}

/**
 * Send a fresh verification link to a signed-in user who asked for one (the "Resend" button).
 * Returns false when the address is already confirmed (nothing is sent); 429 when asked too often.
 */
export async function resendVerificationEmail(user: UserRecord): Promise<boolean> {
  const current = await getUser(user.id);
  if (!current || current.emailVerified) return false;
  await noteVerificationSend(current.id, true);
  await mailVerificationLink(current);
  return true;
}

/**
 * What a verification link does: `verified` the first time (the account is now confirmed),
 * `used` when it was opened before (with its account, which may well be confirmed already), and
 * `invalid` when it is unknown or expired. A used link is remembered for the link's lifetime, so
 * a second click (or a mail scanner's first) gets a friendly answer instead of "invalid".
 */
export type VerifyOutcome =
  | { status: "verified"; user: UserRecord }
  | { status: "used"; user: UserRecord | null }
  | { status: "invalid" };

interface VerifyTokenRecord {
  userId: string;
  usedAt?: string;
}

export async function redeemVerificationToken(token: string): Promise<VerifyOutcome> {
  if (!token || token.length > 200) return { status: "invalid" };
  const key = keys.emailToken("verify", await sha256(token));
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await kv().get<VerifyTokenRecord>(key);
    const rec = entry.value;
    if (!rec) return { status: "invalid" };
    if (rec.usedAt) return { status: "used", user: await getUser(rec.userId) };
    const res = await kv().atomic().check(entry)
      .set(key, { userId: rec.userId, usedAt: nowIso() }, { expireIn: EMAIL_TOKEN_TTL_MS })
      .commit();
    if (!res.ok) continue; // opened twice at once: look again, which says "used"
    const user = await updateUser(rec.userId, (u) => ({ ...u, emailVerified: true }));
    return { status: "verified", user };
  }
  return { status: "used", user: null };
}

/** GET /api/auth/verify: the user on success; 422 for an unknown, expired or used link. */
export async function verifyEmail(token: string): Promise<UserRecord> {
  const outcome = await redeemVerificationToken(token);
  if (outcome.status === "verified") return outcome.user;
  if (outcome.status === "used") {
    throw invalid("This link was already used", { token: "used" });
  }
  throw invalid("This link is invalid or has expired", { token: "invalid" });
}

/** Always succeeds from the caller's view, so it never reveals which emails exist. */
export async function requestPasswordReset(email: string) {
  const user = await getUserByEmail(email);
  if (!user || user.suspended) return;
  const token = await issueEmailToken("reset", user.id, RESET_TTL_MS);
  const link = `${config().appOrigin}/auth/reset?token=${encodeURIComponent(token)}`;
  await sendMail({
    to: user.email,
    subject: "Reset your LandingHub password",
    text:
      `Hi ${user.name},\n\nSomeone asked to reset your password. If it was you, open:\n${link}\n\nThe link works for one hour. If it was not you, ignore this email.`,
  });
}

export async function resetPassword(
  token: string,
  password: string,
): Promise<UserRecord> {
  const userId = await consumeEmailToken("reset", token);
  const passwordHash = await hashPassword(password);
  // Raising tokenVersion ends every access token issued before the reset.
  return await updateUser(userId, (u) => ({
    ...u,
    passwordHash,
    emailVerified: true,
    tokenVersion: u.tokenVersion + 1,
  }));
}

// ---------- admin bootstrap and GitHub sign-in

export async function ensureAdmin(email: string, password: string) {
  const existing = await getUserByEmail(email);
  if (existing) {
    if (existing.role !== "admin") {
      await updateUser(existing.id, (u) => ({ ...u, role: "admin" }));
    }
    return existing;
  }
  return await createUser({
    email,
    password,
    name: "Admin",
    role: "admin",
    emailVerified: true,
  });
}

export async function signInWithGithub(
  profile: { id: string; email: string; name: string },
) {
  const byGithub = (await kv().get<string>(keys.userByGithub(profile.id))).value;
  if (byGithub) {
    const user = await getUser(byGithub);
    if (user) return user;
  }
  const byEmail = await getUserByEmail(profile.email);
  if (byEmail) {
    await kv().set(keys.userByGithub(profile.id), byEmail.id);
    return await updateUser(
      byEmail.id,
      (u) => ({ ...u, githubId: profile.id, emailVerified: true }),
    );
  }
  return await createUser({
    email: profile.email,
    name: profile.name,
    githubId: profile.id,
    emailVerified: true,
  });
}
