// User records: the record, lookups by id/email, creation (with its unique email claim) and
// updates, registration, and the admin account made at start from ADMIN_EMAIL/ADMIN_PASSWORD.
import { z } from "zod";
import { keys, kv, newId, nowIso, retryAtomic } from "../kv/index.ts";
import { conflict, notFound } from "../http/index.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import { bumpStats } from "../admin/stats.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { sendVerificationEmail } from "./verification.ts";
import type { Locale } from "../i18n/index.ts";

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
  /** The app's language for this user (lib/i18n); unset: the browser's. */
  locale?: Locale;
}

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

export async function getUserByEmail(email: string): Promise<UserRecord | null> {
  const id = (await kv().get<string>(keys.userByEmail(email))).value;
  return id ? await getUser(id) : null;
}

/**
 * Keep the per-role index in step with a user write, in the same atomic operation: the entry
 * under the old role goes when the role changes. Every write of a user record calls this.
 */
export function indexUserRole(
  op: Deno.AtomicOperation,
  before: UserRecord | null,
  after: UserRecord,
): Deno.AtomicOperation {
  if (before && before.role !== after.role) op.delete(keys.userByRole(before.role, before.id));
  if (!before || before.role !== after.role) {
    op.set(keys.userByRole(after.role, after.id), after.id);
  }
  return op;
}

export async function createUser(input: {
  email: string;
  name: string;
  password?: string | null;
  role?: Role;
  emailVerified?: boolean;
  githubId?: string | null;
  locale?: Locale;
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
    ...(input.locale ? { locale: input.locale } : {}),
  };
  const op = kv().atomic()
    .check({ key: keys.userByEmail(user.email), versionstamp: null })
    .set(keys.user(user.id), user)
    .set(keys.userByEmail(user.email), user.id);
  indexUserRole(op, null, user);
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

/**
 * Sign up from `ip`: counted against the per-address limit before any work (the password hash
 * goes through the shared hashing cap), then the verification email.
 */
export async function register(
  input: z.infer<typeof registerSchema>,
  ip: string,
  locale?: Locale,
) {
  await hit(rules.registerPerAddress(), addressSubject(ip));
  // The language of the sign-up page becomes the account's (its emails start in it).
  const user = await createUser({ ...input, locale });
  await sendVerificationEmail(user);
  return user;
}

export async function updateUser(
  id: string,
  patch: (u: UserRecord) => UserRecord,
): Promise<UserRecord> {
  return await retryAtomic(async (op) => {
    const entry = await kv().get<UserRecord>(keys.user(id));
    if (!entry.value) throw notFound("User");
    const next = patch(entry.value);
    op.check(entry).set(keys.user(id), next);
    indexUserRole(op, entry.value, next);
    return next;
  });
}

/**
 * The admin bootstrap. A new email becomes an admin account with this password. An existing
 * account is promoted only when ADMIN_PASSWORD is its password: otherwise whoever registered that
 * email first (anyone, on an open sign-up page) would become admin. It is then left as it is and
 * the refusal is logged. Returns the admin account, or null when refused.
 */
export async function ensureAdmin(
  email: string,
  password: string,
  log: (message: string) => void = console.warn,
): Promise<UserRecord | null> {
  const existing = await getUserByEmail(email);
  if (!existing) {
    return await createUser({ email, password, name: "Admin", role: "admin", emailVerified: true });
  }
  if (existing.role === "admin") return existing;
  const same = existing.passwordHash !== null &&
    await verifyPassword(password, existing.passwordHash);
  if (!same) {
    log(
      `ADMIN_EMAIL ${email} belongs to an existing account whose password is not ADMIN_PASSWORD: ` +
        `it was NOT made an admin (its password is unchanged). Promote it from an admin ` +
        `account, or set ADMIN_PASSWORD to that account's password.`,
    );
    return null;
  }
  return await updateUser(existing.id, (u) => ({ ...u, role: "admin" }));
}
