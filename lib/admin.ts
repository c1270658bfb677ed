// Admin operations on users, with every change written to the audit log.
import { z } from "zod";
import { getUser, type PublicUser, toPublicUser, type UserRecord } from "./auth.ts";
import { keys, kv, listAll, newId, nowIso } from "./kv.ts";
import { conflict, notFound } from "./http.ts";

export interface AuditEntry {
  id: string;
  actorId: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  at: string;
}

export function auditEntry(
  actorId: string,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
): AuditEntry {
  return { id: newId(), actorId, action, target, before, after, at: nowIso() };
}

export async function listUsers(
  filter: { q?: string; role?: string },
): Promise<PublicUser[]> {
  const q = filter.q?.trim().toLowerCase();
  const users = (await listAll<UserRecord>(keys.usersAll()))
    .filter((u) => !filter.role || u.role === filter.role)
    .filter((u) =>
      !q || u.email.toLowerCase().includes(q) ||
      u.name.toLowerCase().includes(q)
    )
    .reverse();
  return await Promise.all(users.map(toPublicUser));
}

export const userPatchSchema = z.object({
  role: z.enum(["user", "admin"]).optional(),
  suspended: z.boolean().optional(),
});

export async function adminUpdateUser(
  actor: UserRecord,
  userId: string,
  patch: z.infer<typeof userPatchSchema>,
): Promise<PublicUser> {
  if (userId === actor.id && (patch.suspended || patch.role === "user")) {
    throw conflict("self_lockout", "You cannot suspend or demote yourself");
  }
  const entry = await kv().get<UserRecord>(keys.user(userId));
  const before = entry.value;
  if (!before) throw notFound("User");
  const after: UserRecord = {
    ...before,
    role: patch.role ?? before.role,
    suspended: patch.suspended ?? before.suspended,
  };
  const audit = auditEntry(actor.id, "user.update", `user:${userId}`, {
    role: before.role,
    suspended: before.suspended,
  }, { role: after.role, suspended: after.suspended });
  const res = await kv().atomic().check(entry).set(keys.user(userId), after)
    .set(keys.audit(audit.id), audit)
    .commit();
  if (!res.ok) {
    throw conflict("busy", "The user changed concurrently, try again");
  }
  return await toPublicUser((await getUser(userId))!);
}

export async function listAudit(limit = 100): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of kv().list<AuditEntry>({ prefix: ["audit"] }, { reverse: true, limit })) {
    out.push(e.value);
  }
  return out;
}

/** Names for the actor ids of audit entries. */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map(getUser));
  return new Map(unique.map((id, i) => [id, users[i]?.name ?? id]));
}
