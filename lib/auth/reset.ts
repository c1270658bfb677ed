// Password reset by emailed link. Each link records the account's tokenVersion when it was sent;
// a reset raises it, so using any one link ends every other outstanding link (and every session).
import { config } from "../config.ts";
import { keys, kv, retryAtomic } from "../kv/index.ts";
import { invalid } from "../http/index.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import { resetEmail, sendMail } from "../mail/index.ts";
import { hashPassword } from "./passwords.ts";
import { sha256 } from "./secrets.ts";
import { getUserByEmail, type UserRecord } from "./users.ts";
import type { Locale } from "../i18n/index.ts";
import { issueEmailToken } from "./verification.ts";

const RESET_TTL_MS = 3600 * 1000;

interface ResetTokenRecord {
  userId: string;
  /** The account's tokenVersion when the link was sent; any reset since makes it stale. */
  tokenVersion?: number;
}

/**
 * Email a reset link. Always succeeds from the caller's view for unknown emails, so it never
 * reveals which exist; limited per client address and per target address (known or not, so the
 * 429 reveals nothing either): a stranger cannot flood someone's inbox.
 */
export async function requestPasswordReset(email: string, ip: string, locale: Locale = "en") {
  await hit(rules.resetPerAddress(), addressSubject(ip));
  await hit(rules.resetPerAccount(), email.trim().toLowerCase());
  const user = await getUserByEmail(email.trim());
  if (!user || user.suspended) return;
  const token = await issueEmailToken(
    "reset",
    { userId: user.id, tokenVersion: user.tokenVersion },
    RESET_TTL_MS,
  );
  const link = `${config().appOrigin}/auth/reset?token=${encodeURIComponent(token)}`;
  // The account's language, else the language of the page that asked (the asker is signed out).
  const lang = user.locale ?? locale;
  await sendMail({ ...resetEmail(user.name, link, RESET_TTL_MS / 60_000, lang), to: user.email });
}

const invalidLink = () => invalid("This link is invalid or has expired", { token: "invalid" });

/** A reset link's record when it is still good: unused, unexpired, and no reset since it was sent. */
async function liveResetToken(key: Deno.KvKey) {
  const entry = await kv().get<ResetTokenRecord>(key);
  const rec = entry.value;
  if (!rec) throw invalidLink();
  const userEntry = await kv().get<UserRecord>(keys.user(rec.userId));
  const user = userEntry.value;
  if (!user || (rec.tokenVersion ?? 0) !== user.tokenVersion) throw invalidLink();
  return { entry, userEntry, user };
}

export async function resetPassword(token: string, password: string): Promise<UserRecord> {
  if (!token || token.length > 200) throw invalidLink();
  const key = keys.emailToken("reset", await sha256(token));
  // Check the link before spending a hash on it; the commit below checks it again.
  await liveResetToken(key);
  const passwordHash = await hashPassword(password);
  return await retryAtomic(async (op) => {
    const { entry, userEntry, user } = await liveResetToken(key);
    // Raising tokenVersion ends every access token, session and reset link issued before.
    const next: UserRecord = {
      ...user,
      passwordHash,
      emailVerified: true,
      tokenVersion: user.tokenVersion + 1,
    };
    op.check(entry).check(userEntry).delete(key).set(keys.user(user.id), next);
    return next;
  });
}
