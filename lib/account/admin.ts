// Data rights exercised by an admin for a user (a request by mail, a court order, an abandoned
// account): the same export and deletion the user has, without their password, each recorded in
// the audit log. A seller with money still available is not refused as the user is (they can
// request a payout; an admin acting for them may not be able to wait): the admin is told the
// amounts first and must confirm, and the confirmed amounts go into the audit entry.
import { AppError, notFound } from "../http/index.ts";
import { getUser, type UserRecord } from "../auth/index.ts";
import { keys, kv } from "../kv/index.ts";
import { auditEntry } from "../admin/index.ts";
import { formatMoney } from "../format.ts";
import { availableBalances, eraseAccount, exportAccount } from "./index.ts";

/** A tombstone left by a deletion (the record stays for orders and chats that point at it). */
export function isDeleted(user: UserRecord): boolean {
  return "deletedAt" in user && Boolean((user as { deletedAt?: string }).deletedAt);
}

async function liveUser(userId: string): Promise<UserRecord> {
  const user = await getUser(userId);
  if (!user) throw notFound("User");
  if (isDeleted(user)) {
    throw new AppError(409, "already_deleted", "This account is already deleted");
  }
  return user;
}

/** The user's export (as GET /api/account/export gives it), with an audit entry first. */
export async function adminExportAccount(actor: UserRecord, userId: string) {
  await liveUser(userId);
  const data = await exportAccount(userId);
  const audit = auditEntry(actor.id, "user.export", `user:${userId}`, null, {
    exported: true,
  });
  await kv().set(keys.audit(audit.id), audit);
  return data;
}

/**
 * Deletes `userId`'s account as deleteAccount does. Refused for admins (demote them first, so one
 * admin cannot silently remove another) and for oneself. With money available and no
 * `confirmBalance`, a 409 `balance_available` names the amounts; confirmed, the balances stay in
 * the ledger (for accounting and a later payout by hand) and the audit entry records them.
 */
export async function adminDeleteAccount(
  actor: UserRecord,
  userId: string,
  opts: { confirmBalance?: boolean } = {},
): Promise<void> {
  if (userId === actor.id) {
    throw new AppError(409, "self_delete", "You cannot delete your own account from the console");
  }
  const user = await liveUser(userId);
  if (user.role === "admin") {
    throw new AppError(409, "admin_account", "Make this administrator a user before deleting");
  }
  const available = await availableBalances(userId);
  const owed = available.map((b) => formatMoney(b.available, b.currency)).join(" + ");
  if (owed && !opts.confirmBalance) {
    throw new AppError(
      409,
      "balance_available",
      `${user.name} still has ${owed} available and not paid out: confirm to delete the account anyway`,
    );
  }
  await eraseAccount(userId, (op, before) => {
    const audit = auditEntry(actor.id, "user.delete", `user:${userId}`, {
      role: before.role,
      suspended: before.suspended,
      // The amounts only (as the console shows them): the name and email are what the deletion
      // removes.
      availableBalance: owed || null,
    }, { deleted: true });
    op.set(keys.audit(audit.id), audit);
  });
}
