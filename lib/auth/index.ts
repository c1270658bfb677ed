// Accounts: users, password hashes, sessions, email verification, resets and sign-in throttling.
// This file is the domain's surface: other folders import from here only.
import type { Role, UserRecord } from "./users.ts";

export {
  createUser,
  ensureAdmin,
  getUser,
  getUserByEmail,
  indexUserRole,
  register,
  registerSchema,
  type Role,
  updateUser,
  type UserRecord,
} from "./users.ts";
export { hashLoad, hashPassword, verifyPassword } from "./passwords.ts";
export { login } from "./throttle.ts";
export {
  endSession,
  resetKeyCache,
  rotateRefreshToken,
  type Session,
  sessionHolds,
  signAccessToken,
  startSession,
  userFromAccessToken,
  verifyAccessToken,
} from "./sessions.ts";
export {
  redeemVerificationToken,
  RESEND_GAP_MS,
  RESEND_MAX_PER_DAY,
  resendVerificationEmail,
  sendVerificationEmail,
  verifyEmail,
  type VerifyOutcome,
} from "./verification.ts";
export { requestPasswordReset, resetPassword } from "./reset.ts";
export { signInWithGithub } from "./github.ts";
export { safeNext } from "./redirect.ts";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  emailVerified: boolean;
  suspended: boolean;
  /** The primary balance (the currency with the most money; usd when none). */
  balance: { available: number; held: number; currency: string };
  /** Every balance, one per currency (money in different currencies is never added up). */
  balances: { currency: string; available: number; held: number }[];
  createdAt: string;
}

// Seller balances live in lib/payments; re-exported here for older imports.
import { getBalances, primaryBalance, publicBalances } from "../payments/balances.ts";
export { type Balance, emptyBalance, getBalance } from "../payments/balances.ts";

export async function toPublicUser(user: UserRecord): Promise<PublicUser> {
  const all = await getBalances(user.id);
  const b = primaryBalance(all);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerified,
    suspended: user.suspended,
    balance: { available: b.available, held: b.held, currency: b.currency },
    balances: publicBalances(all),
    createdAt: user.createdAt,
  };
}
