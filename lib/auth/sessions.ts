// Sessions: 15-minute access tokens (JWT) and rotating refresh tokens grouped in families (one
// family = one signed-in session). Only hashes of refresh tokens are stored.
import { jwtVerify, SignJWT } from "jose";
import { config } from "../config.ts";
import { keys, kv, newId, noCommit, retryAtomic } from "../kv/index.ts";
import { AppError, unauthorized } from "../http/index.ts";
import { b64, randomToken, sha256 } from "./secrets.ts";
import { getUser, type UserRecord } from "./users.ts";

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
  const expired = () => unauthorized("Your session has expired");
  const outcome = await retryAtomic<
    | { kind: "rotated"; user: UserRecord; familyId: string; next: string }
    | { kind: "grace"; user: UserRecord; familyId: string }
    | { kind: "reused"; familyId: string }
  >(async (op) => {
    const entry = await kv().get<RefreshRecord>(keys.refreshToken(hash));
    const rec = entry.value;
    if (!rec || rec.expiresAt < Date.now()) throw expired();
    const famEntry = await kv().get<RefreshFamily>(keys.refreshFamily(rec.familyId));
    const family = famEntry.value;
    if (!family || family.revoked || family.expiresAt < Date.now()) throw expired();
    const user = await getUser(rec.userId);
    if (!user || user.suspended || user.tokenVersion !== (family.tokenVersion ?? 0)) {
      throw expired();
    }
    if (rec.used) {
      if (opts.graceMs && rec.usedAt && Date.now() - rec.usedAt < opts.graceMs) {
        return noCommit({ kind: "grace", user, familyId: rec.familyId });
      }
      return noCommit({ kind: "reused", familyId: rec.familyId });
    }
    const next = randomToken();
    // The family keeps its absolute expiry: rotation never extends a session past 30 days.
    // A lost race with another use of the same token looks again, applying the rules above.
    const ttl = family.expiresAt - Date.now();
    op.check(entry)
      .check(famEntry)
      .set(keys.refreshToken(hash), { ...rec, used: true, usedAt: Date.now() }, { expireIn: ttl })
      .set(keys.refreshToken(await sha256(next)), { ...rec, used: false }, { expireIn: ttl });
    return { kind: "rotated", user, familyId: rec.familyId, next };
  });
  if (outcome.kind === "reused") {
    await revokeFamily(outcome.familyId);
    throw new AppError(401, "token_reused", "This session was revoked; sign in again");
  }
  return {
    user: outcome.user,
    accessToken: await signAccessToken(outcome.user, outcome.familyId),
    refreshToken: outcome.kind === "rotated" ? outcome.next : null,
    sessionId: outcome.familyId,
  };
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
  await retryAtomic(async (op) => {
    const entry = await kv().get<RefreshFamily>(key);
    const fam = entry.value;
    if (!fam || fam.revoked) return noCommit(undefined);
    op.check(entry).set(key, { ...fam, revoked: true }, {
      expireIn: Math.max(1000, fam.expiresAt - Date.now()),
    });
  });
}
