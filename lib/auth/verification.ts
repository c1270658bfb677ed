// Email verification: the link sent at sign-up (and on request, within limits) and what opening
// it does. Also the one-time emailed tokens that password resets use.
import { config } from "../config.ts";
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { invalid } from "../http/index.ts";
import { hitSpaced, spacedRules } from "../http/rate-limit.ts";
import { sendMail, verificationEmail } from "../mail/index.ts";
import { randomToken, sha256 } from "./secrets.ts";
import { getUser, updateUser, type UserRecord } from "./users.ts";

const EMAIL_TOKEN_TTL_MS = 48 * 3600 * 1000;

/** Store a one-time emailed token (only its hash) with `record`; returns the token to mail. */
export async function issueEmailToken(
  purpose: "verify" | "reset",
  record: { userId: string } & Record<string, unknown>,
  ttl: number,
) {
  const token = randomToken();
  await kv().set(keys.emailToken(purpose, await sha256(token)), record, { expireIn: ttl });
  return token;
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
  const token = await issueEmailToken("verify", { userId: user.id }, EMAIL_TOKEN_TTL_MS);
  const link = `${config().appOrigin}/auth/verify?token=${encodeURIComponent(token)}`;
  await sendMail({ ...verificationEmail(user.name, link, user.locale ?? "en"), to: user.email });
}

/** One verification email per minute per account, and at most 5 a day. */
export const RESEND_GAP_MS = spacedRules.verificationEmail().gapMs;
export const RESEND_MAX_PER_DAY = spacedRules.verificationEmail().limit;

/** Record a verification email sent now; with `enforce`, first refuse when asked too often. */
async function noteVerificationSend(userId: string, enforce: boolean) {
  await hitSpaced(spacedRules.verificationEmail(), userId, { enforce });
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
  const outcome = await retryAtomic<VerifyOutcome | { status: "claimed"; userId: string }>(
    async (op) => {
      const entry = await kv().get<VerifyTokenRecord>(key);
      const rec = entry.value;
      if (!rec) return noCommit({ status: "invalid" });
      if (rec.usedAt) return noCommit({ status: "used", user: await getUser(rec.userId) });
      // Opened twice at once: the loser looks again, which says "used".
      op.check(entry).set(key, { userId: rec.userId, usedAt: nowIso() }, {
        expireIn: EMAIL_TOKEN_TTL_MS,
      });
      return { status: "claimed", userId: rec.userId };
    },
  );
  if (outcome.status !== "claimed") return outcome;
  const user = await updateUser(outcome.userId, (u) => ({ ...u, emailVerified: true }));
  return { status: "verified", user };
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
