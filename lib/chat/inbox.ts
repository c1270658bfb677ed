// The inbox index: room ids keyed by (scope, [priority,] lastMessageAt, roomId), so every room list
// is one KV range read newest first, whatever the number of rooms. Admin scopes (all, by status,
// assigned to an admin, both) lead with the priority so high-priority rooms come first, as the
// console shows them; a user's own scopes are by latest activity only. `indexRoom` is called in
// the same atomic commit as every room write and deletes the room's entries that changed.
// Each entry holds the room itself as that commit wrote it (not just its id), so a page is one
// contiguous range read: fetching the rooms one by one cost a B-tree lookup each, which grew with
// the store (×1.9 on the large store's inbox API). Stores from before hold ids: `roomsOf` reads
// those rooms at their keys until the start-up backfill (lib/admin/backfill.ts) rewrites them.
import { getMany, keys, listKvEntries, type Paged } from "../kv/index.ts";
import type { ChatViewer, Room } from "./rooms.ts";

const RANK = { high: 2, normal: 1, low: 0 } as const;

/** Every inbox index key of a room as it is now (at most eight; a snoozed room's is in "snoozed" instead of "unassigned"). */
export function roomIndexKeys(r: Room): Deno.KvKey[] {
  const p = RANK[r.priority] ?? 1;
  const tail = [r.lastMessageAt, r.id];
  // A page's widget conversation belongs to the page owner's inbox, not to the staff queues.
  if (r.site) return [keys.roomIndex(["site_owner", r.site.ownerId, ...tail])];
  const out: Deno.KvKey[] = [
    keys.roomIndex(["all", p, ...tail]),
    keys.roomIndex(["status", r.status, p, ...tail]),
    keys.roomIndex(["user", r.userId, ...tail]),
    keys.roomIndex(["user_status", r.userId, r.status, ...tail]),
  ];
  // The "unassigned" queue: rooms nobody has taken that are still open.
  if (r.snoozedUntil) out.push(keys.roomIndex(["snoozed", p, ...tail]));
  else if (!r.adminId && r.status !== "resolved") {
    out.push(
      keys.roomIndex(["unassigned", p, ...tail]),
      keys.roomIndex(["unassigned_status", r.status, p, ...tail]),
    );
  }
  if (r.adminId) {
    out.push(
      keys.roomIndex(["admin", r.adminId, p, ...tail]),
      keys.roomIndex(["admin_status", r.adminId, r.status, p, ...tail]),
    );
  }
  return out;
}

/** Add to `op` the index change from `before` (null for a new room) to `after`. */
export function indexRoom(op: Deno.AtomicOperation, before: Room | null, after: Room) {
  const next = roomIndexKeys(after);
  const keep = new Set(next.map((k) => JSON.stringify(k)));
  for (const k of before ? roomIndexKeys(before) : []) {
    if (!keep.has(JSON.stringify(k))) op.delete(k);
  }
  for (const k of next) op.set(k, after);
  return op;
}

/** The rooms of a page of index entries, in order (see the top of this file for id-only ones). */
export async function roomsOf(entries: Deno.KvEntry<Room | string>[]): Promise<Room[]> {
  const ids = entries.flatMap((e) => typeof e.value === "string" ? [e.value] : []);
  if (!ids.length) return entries.map((e) => e.value as Room);
  const read = new Map(
    (await getMany<Room>(ids.map((id) => keys.room(id)))).map((r) => [r.id, r]),
  );
  return entries.flatMap((e) => {
    const room = typeof e.value === "string" ? read.get(e.value) : e.value;
    return room ? [room] : [];
  });
}

export interface RoomFilter {
  status?: string;
  /** "me": rooms assigned to the viewing admin; "none": the unassigned queue (admins). */
  assigned?: string;
  /** Admins only: "1" lists the snoozed rooms. */
  snoozed?: string;
  /** Admins only: the rooms of one user (the admin's user page). */
  userId?: string;
}

/** The index scope that holds exactly the rooms `viewer` asked for (null: none can match). */
function scopeOf(viewer: ChatViewer, f: RoomFilter): Deno.KvKey | null {
  const admin = viewer.role === "admin";
  const scope = (plain: Deno.KvKeyPart[], byStatus: Deno.KvKeyPart[]) =>
    keys.roomIndex(f.status ? [...byStatus, f.status] : plain);
  if (f.snoozed === "1") return admin && !f.userId ? keys.roomIndex(["snoozed"]) : null;
  if (f.assigned === "none") {
    if (!admin || f.userId) return null;
    return scope(["unassigned"], ["unassigned_status"]);
  }
  if (f.assigned === "me") {
    if (!admin || f.userId) return null;
    return scope(["admin", viewer.id], ["admin_status", viewer.id]);
  }
  const userId = admin ? f.userId : viewer.id;
  if (userId) return scope(["user", userId], ["user_status", userId]);
  return scope(["all"], ["status"]);
}

/** One page of rooms for `viewer`, in inbox order (see the top of this file). */
export async function listRoomsPage(
  viewer: ChatViewer,
  filter: RoomFilter,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Room>> {
  const scope = scopeOf(viewer, filter);
  if (!scope) return { items: [], cursor: null };
  const { entries, cursor } = await listKvEntries<Room | string>(scope, {
    limit: page.limit ?? 20,
    cursor: page.cursor,
    reverse: true,
  });
  return { items: await roomsOf(entries), cursor };
}
