// Admin operations on users, with every change written to the audit log.
import { z } from "zod";
import {
  getUser,
  indexUserRole,
  type PublicUser,
  toPublicUser,
  type UserRecord,
} from "../auth/index.ts";
import {
  getMany,
  keys,
  kv,
  listKvEntries,
  listKvPage,
  newId,
  nowIso,
  type Paged,
  retryAtomic,
} from "../kv/index.ts";
import { scanPage } from "./scan.ts";
import { writeSellerStanding } from "../market/browse-index.ts";
import { conflict, notFound } from "../http/index.ts";
import { auditChanges, idTargets } from "./audit-view.ts";

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

/**
 * One page of users for the admin list. Without `q`: newest first, over the users themselves or
 * the per-role index. With `q`: users whose email starts with `q`, in email order, over the email
 * index (a role filter then skips the other role's entries, a bounded scan per page). Names are
 * not searched: that would be a scan of every user.
 */
export async function listUsers(
  filter: { q?: string; role?: string },
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<PublicUser>> {
  const limit = page.limit ?? 20;
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    // The console's search matches any part of the email or the name (as it always has), so it
    // is a scan over users newest first, bounded per request by scanPage (a rare match comes
    // back as a short page with a cursor to carry on from), not a load of every user.
    const out = await scanPage<UserRecord, UserRecord>(
      { prefix: keys.usersAll() },
      { limit, cursor: page.cursor, reverse: true },
      (batch) =>
        Promise.resolve(batch.map((u) =>
          (!filter.role || u.role === filter.role) &&
            (u.email.toLowerCase().includes(q) || u.name.toLowerCase().includes(q))
            ? u
            : null
        )),
    );
    return { items: await Promise.all(out.items.map(toPublicUser)), cursor: out.cursor };
  }
  let users: UserRecord[];
  let cursor: string | null;
  if (filter.role) {
    const res = await listKvEntries<string>(keys.usersByRole(filter.role), {
      limit,
      cursor: page.cursor,
    });
    users = (await usersById(res.entries.map((e) => e.value))).filter((u) => u !== null);
    cursor = res.cursor;
  } else {
    ({ items: users, cursor } = await listKvPage<UserRecord>(keys.usersAll(), {
      limit,
      cursor: page.cursor,
    }));
  }
  return { items: await Promise.all(users.map(toPublicUser)), cursor };
}

/** Users for ids, in the same order (null where one is gone). */
async function usersById(ids: string[]): Promise<(UserRecord | null)[]> {
  const out: (UserRecord | null)[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const entries = await kv().getMany<UserRecord[]>(ids.slice(i, i + 10).map(keys.user));
    out.push(...entries.map((e) => e.value));
  }
  return out;
}

/** The newest `n` users (the dashboard's list): one short KV read, whatever the store's size. */
export async function newestUsers(n: number): Promise<UserRecord[]> {
  return (await listKvPage<UserRecord>(keys.usersAll(), { limit: n })).items;
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
  await retryAtomic(async (op) => {
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
    op.check(entry).set(keys.user(userId), after).set(keys.audit(audit.id), audit);
    indexUserRole(op, before, after);
    if (after.suspended !== before.suspended) writeSellerStanding(op, userId);
  });
  return await toPublicUser((await getUser(userId))!);
}

/** One page of the audit log, newest first. */
export async function listAuditPage(
  page: { limit: number; cursor?: string | null },
): Promise<Paged<AuditEntry>> {
  return await listKvPage<AuditEntry>(keys.auditAll(), page);
}

export async function listAudit(limit = 100): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (
    const e of kv().list<AuditEntry>({ prefix: keys.auditAll() }, { reverse: true, limit })
  ) {
    out.push(e.value);
  }
  return out;
}

/** The newest audit entries for people: who acted, and what each target is (see below). */
export async function readableAudit(limit: number) {
  const entries = await listAudit(limit);
  const [names, targets] = await Promise.all([
    userNames(entries.map((a) => a.actorId)),
    describeTargets([...entries.map((a) => a.target), ...idTargets(entries)]),
  ]);
  // Before → after with money formatted and ids named (./audit-view.ts).
  return { entries, names, targets, changes: auditChanges(entries, targets) };
}

/** Names for the actor ids of audit entries. */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map(getUser));
  return new Map(unique.map((id, i) => [id, users[i]?.name ?? id]));
}

/**
 * What audit targets (`kind:id`) point at, for people: a name and a console link, read in a few
 * batches. Targets that no longer exist keep their id.
 */
export async function describeTargets(
  targets: string[],
): Promise<Map<string, { label: string; href: string | null }>> {
  const ids = (kind: string) =>
    [...new Set(targets.filter((t) => t.startsWith(`${kind}:`)))].map((t) =>
      t.slice(kind.length + 1)
    );
  const [users, listings, orders, payouts, rooms] = await Promise.all([
    getMany<UserRecord>(ids("user").map(keys.user)),
    getMany<{ id: string; title: string }>(ids("listing").map(keys.listing)),
    getMany<{ id: string; title: string }>(ids("order").map(keys.order)),
    getMany<{ id: string; amount: number; userId: string }>(ids("payout").map(keys.payout)),
    getMany<{ id: string; subject: string }>(ids("room").map(keys.room)),
  ]);
  const out = new Map<string, { label: string; href: string | null }>(
    targets.map((t) => [t, { label: t, href: null }]),
  );
  for (const u of users) out.set(`user:${u.id}`, { label: u.name, href: `/admin/users/${u.id}` });
  for (const l of listings) {
    out.set(`listing:${l.id}`, { label: `listing “${l.title}”`, href: `/marketplace/${l.id}` });
  }
  for (const o of orders) {
    out.set(`order:${o.id}`, { label: `order of “${o.title}”`, href: `/admin/orders` });
  }
  for (const p of payouts) {
    out.set(`payout:${p.id}`, { label: `payout ${p.id.slice(-6)}`, href: `/admin/payouts` });
  }
  for (const r of rooms) {
    out.set(`room:${r.id}`, { label: `chat “${r.subject}”`, href: `/admin/support?room=${r.id}` });
  }
  return out;
}
