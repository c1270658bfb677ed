// Sign-in with throttling. Every attempt is counted BEFORE its password is hashed, in one atomic
// commit per counter, so a burst of parallel guesses cannot all read "under the limit":
// - per client address (any account): 20 attempts per 15 minutes, against spraying;
// - per (address, account): 5 free attempts, then a growing wait (1, 2, 4 … 15 minutes) between
//   attempts, reset by a success or an hour of quiet.
// There is deliberately no per-account lock: strangers failing from elsewhere must never lock
// the owner out (their own address and the owner's are counted apart).
import { keys, kv, retryAtomic } from "../kv/index.ts";
import { AppError, forbidden, tooMany } from "../http/index.ts";
import { addressSubject, hit, rules, unhit } from "../http/rate-limit.ts";
import { verifyAgainstNothing, verifyPassword } from "./passwords.ts";
import { getUserByEmail, type UserRecord } from "./users.ts";

/** Attempts from one address on one account before the waits begin. */
export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;
const QUIET_RESET_MS = 60 * 60_000;

interface Backoff {
  /** Attempts since the last success (or the last quiet hour). */
  attempts: number;
  /** No attempt is taken before this time (ms). */
  notBefore: number;
}

/** The wait after the `attempts`-th attempt: none for the first few, then doubling. */
export function waitAfter(attempts: number): number {
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (attempts - FREE_ATTEMPTS));
}

/** Take one attempt of `subject` or refuse it (429 with the remaining wait). */
async function claimAttempt(subject: string): Promise<void> {
  const key = keys.loginFailures(subject);
  await retryAtomic(async (op) => {
    const entry = await kv().get<Backoff>(key);
    const now = Date.now();
    // Records of the older failure counter ({ count, first }) start afresh.
    const cur = typeof entry.value?.attempts === "number"
      ? entry.value
      : { attempts: 0, notBefore: 0 };
    if (now < cur.notBefore) throw tooMany((cur.notBefore - now) / 1000);
    const attempts = cur.attempts + 1;
    const notBefore = now + waitAfter(attempts);
    op.check(entry).set(key, { attempts, notBefore } satisfies Backoff, {
      expireIn: notBefore - now + QUIET_RESET_MS,
    });
  });
}

export async function login(email: string, password: string, ip: string): Promise<UserRecord> {
  // The same normalisation as registration: surrounding spaces dropped, case folded.
  email = email.trim().toLowerCase();
  ip = addressSubject(ip); // an IPv6 client is limited per /64, not per address
  const pairKey = `email:${email}|ip:${ip}`;
  await hit(rules.loginPerAddress(), ip);
  await claimAttempt(pairKey);
  const user = await getUserByEmail(email);
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstNothing(password);
  if (!user || !ok) {
    throw new AppError(401, "invalid_credentials", "Email or password is incorrect");
  }
  if (user.suspended) throw forbidden("This account is suspended");
  // A success clears this address's waits on the account and gives back its address attempt.
  await kv().delete(keys.loginFailures(pairKey));
  await unhit(rules.loginPerAddress(), ip);
  return user;
}
