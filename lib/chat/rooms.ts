// Support chat: rooms and messages (the support flow, with the assistant, is in support.ts). Every message is written with its room update and its
// realtime event in one atomic commit (version-checked on the room), so SSE listeners and
// history always agree.
import { z } from "zod";
import { auditEntry } from "../admin/index.ts";
import type { UserRecord } from "../auth/index.ts";
import { notFound } from "../http/index.ts";
import {
  idBound,
  keys,
  kv,
  listAfterId,
  newId,
  nowIso,
  type Paged,
  retryAtomic,
} from "../kv/index.ts";
import { indexRoom, listRoomsPage, type RoomFilter } from "./inbox.ts";
import { addEvent } from "../realtime/index.ts";
import { ADMINS_TOPIC, roomTopic, userTopic } from "../realtime/topics.ts";
import { bumpStats } from "../admin/stats.ts";
import { indexTerms } from "./search.ts";
import { roomLocale } from "./room-locale.ts";
import { serverT } from "../notifications/text.ts";

export type RoomStatus = "open" | "waiting_admin" | "assigned" | "resolved";
export type SenderType = "user" | "ai" | "admin" | "system";

export interface Room {
  id: string;
  userId: string;
  userName: string;
  adminId: string | null;
  subject: string;
  status: RoomStatus;
  priority: "low" | "normal" | "high";
  tags: string[];
  unreadUser: number;
  unreadAdmin: number;
  lastMessage: string;
  lastMessageAt: string;
  createdAt: string;
  /** Set for a guest's room (its `userId` is the guest's id, "guest_…"). */
  guest?: { email: string | null };
  /** Put aside by staff until this time (see snooze.ts); null or absent when not snoozed. */
  snoozedUntil?: string | null;
  /** The room user's CSAT rating, given once after the room was resolved. */
  rating?: { score: number; comment: string; at: string; adminId: string | null };
  /** A conversation from a published page's widget (site-widget.ts): its owner answers it. */
  site?: { pageId: string; ownerId: string; slug: string };
}

/**
 * Whoever reads or writes in a room: a signed-in user (a UserRecord fits) or a guest, whose
 * role is "guest" and whose id is the guest id its room belongs to.
 */
export interface ChatViewer {
  id: string;
  name: string;
  role: string;
}

export interface Message {
  id: string;
  roomId: string;
  senderId: string | null;
  senderType: SenderType;
  message: string;
  createdAt: string;
  /** For AI replies: which FAQ entries and listings the answer used. */
  sources?: { faqIds: string[]; listingIds: string[] };
  /** A staff-only note (stored under room_notes, see notes.ts): never shown to the room's user. */
  private?: true;
  /** Images from the upload store (see attachments.ts). */
  attachments?: { id: string; url: string; contentType: string }[];
}

export { ADMINS_TOPIC, roomTopic, userTopic };
const isOpen = (s: RoomStatus) => s !== "resolved";

export const createRoomSchema = z.object({
  subject: z.string().trim().min(1, "Add a subject").max(200),
  message: z.string().trim().min(1, "Write a message").max(4000),
});
export const messageSchema = z.object({
  message: z.string().trim().min(1).max(4000),
  /** Admins only: a staff-only note (see notes.ts). */
  private: z.boolean().optional(),
  /** Ids of images the poster uploaded (POST /api/uploads), shown with the message. */
  attachments: z.array(z.string().regex(/^[0-9A-Z]{26}$/, "an upload id")).max(4).optional(),
});

/** The room if `viewer` may see it: its user or any admin; others get "not found". */
export async function getRoomFor(viewer: ChatViewer, id: string): Promise<Room> {
  const room = (await kv().get<Room>(keys.room(id))).value;
  // A page widget's conversation is its owner's (site-widget.ts), never a support room: not for
  // staff, and not for its guest here (these paths would start the assistant).
  if (!room || room.site || (room.userId !== viewer.id && viewer.role !== "admin")) {
    throw notFound("Room");
  }
  return room;
}

type RoomChange = (room: Room) => Room;
export type Hook = (
  op: Deno.AtomicOperation,
  room: Room,
  message: Message | null,
) => void | Promise<void>;

/**
 * Change a room and (optionally) add a message in one commit, retrying on concurrent changes.
 * `hook` adds more to the same commit (an AI job, notifications, an audit entry).
 */
export async function commitRoom(
  roomId: string,
  change: RoomChange,
  message: Omit<Message, "id" | "roomId" | "createdAt"> | null,
  hook?: Hook,
): Promise<{ room: Room; message: Message | null }> {
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Room>(keys.room(roomId));
    if (!entry.value) throw notFound("Room");
    const before = entry.value;
    const now = nowIso();
    const msg: Message | null = message
      ? { ...message, id: newId(), roomId, createdAt: now }
      : null;
    let room = change(before);
    if (msg) {
      room = {
        ...room,
        lastMessage: msg.message.slice(0, 140),
        lastMessageAt: now,
        unreadAdmin: room.unreadAdmin + (msg.senderType === "user" ? 1 : 0),
        unreadUser: room.unreadUser +
          (msg.senderType === "admin" || msg.senderType === "ai" ? 1 : 0),
      };
    }
    op.check(entry).set(keys.room(roomId), room);
    indexRoom(op, before, room);
    if (msg) {
      op.set(keys.message(roomId, msg.id), msg);
      addEvent(op, roomTopic(roomId), "message", msg);
      if (msg.senderType === "user" || msg.senderType === "admin") {
        indexTerms(op, roomId, msg.message);
      }
    }
    addRoomEvents(op, before, room);
    if (isOpen(room.status) !== isOpen(before.status)) {
      bumpStats(op, { openChats: isOpen(room.status) ? 1 : -1 });
    }
    await hook?.(op, room, msg);
    return { room, message: msg };
  });
}

/**
 * Room snapshots for whoever shows this room: its own stream on status, assignment, priority or
 * tag changes (what the conversation header shows), and the room lists (the admins' topic and the
 * user's own topic) on any change they show, including each new message and unread count.
 */
function addRoomEvents(op: Deno.AtomicOperation, before: Room, room: Room) {
  const header = room.status !== before.status || room.adminId !== before.adminId ||
    room.snoozedUntil !== before.snoozedUntil ||
    room.priority !== before.priority || room.tags.join() !== before.tags.join();
  if (header) addEvent(op, roomTopic(room.id), "room", room);
  const userList = header || room.lastMessageAt !== before.lastMessageAt ||
    room.lastMessage !== before.lastMessage || room.unreadUser !== before.unreadUser;
  // A widget conversation's list is its page owner's, not the staff's.
  const staff = room.site ? userTopic(room.site.ownerId) : ADMINS_TOPIC;
  if (userList || room.unreadAdmin !== before.unreadAdmin) addEvent(op, staff, "room", room);
  if (userList) addEvent(op, userTopic(room.userId), "room", room);
}

export async function createRoom(
  user: { id: string; name: string },
  input: z.infer<typeof createRoomSchema>,
  hook?: Hook,
  extra: Partial<Room> = {},
): Promise<{ room: Room; message: Message }> {
  const now = nowIso();
  const room: Room = {
    id: newId(),
    userId: user.id,
    userName: user.name,
    adminId: null,
    subject: input.subject,
    status: "open",
    priority: "normal",
    tags: [],
    unreadUser: 0,
    unreadAdmin: 0,
    lastMessage: "",
    lastMessageAt: now,
    createdAt: now,
    ...extra,
  };
  const op = kv().atomic()
    .check({ key: keys.room(room.id), versionstamp: null })
    .set(keys.room(room.id), room)
    .set(keys.roomsByUser(user.id, room.id), room.id);
  indexRoom(op, null, room);
  bumpStats(op, { openChats: 1 });
  await op.commit();
  const { room: updated, message } = await commitRoom(
    room.id,
    (r) => r,
    { senderId: user.id, senderType: "user", message: input.message },
    hook,
  );
  return { room: updated, message: message! };
}

// ---------- who is looking at a room (so the assistant's replies don't ring the bell meanwhile)

interface Presence {
  userId: string;
  until: number;
}
const PRESENCE_MS = 60_000;
// A room's viewers: one entry per open stream (refreshed while open) plus one after each message
// the user posts (they are in the conversation when the assistant answers it).

/** Note in `op` that the room's user just posted, so is looking at the room for a while. */
export function notePosted(op: Deno.AtomicOperation, room: Room) {
  const entry: Presence = { userId: room.userId, until: Date.now() + 30_000 };
  op.set(keys.chatPresence(room.id, `post-${room.userId}`), entry, { expireIn: 30_000 });
}

/** Mark `userId` as watching the room until the returned function is called. */
export function watchRoom(roomId: string, userId: string): () => void {
  const key = keys.chatPresence(roomId, newId());
  const mark = () =>
    kv().set(key, { userId, until: Date.now() + PRESENCE_MS } satisfies Presence, {
      expireIn: PRESENCE_MS,
    }).catch(() => {});
  mark();
  const timer = setInterval(mark, PRESENCE_MS / 3);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    kv().delete(key).catch(() => {});
  };
}

/** Is the room's own user looking at it now (an open stream, or a message just posted)? */
export async function userIsWatching(room: Room): Promise<boolean> {
  const now = Date.now();
  for await (
    const e of kv().list<Presence>({ prefix: keys.chatPresences(room.id) }, { limit: 50 })
  ) {
    if (e.value.userId === room.userId && e.value.until > now) return true;
  }
  return false;
}

/**
 * One page of the rooms `viewer` sees (own rooms; admins: all, `?status=`, `assigned=me`), in
 * inbox order: over the inbox index (inbox.ts), never a scan of every room.
 */
export async function listRooms(
  viewer: ChatViewer,
  filter: RoomFilter,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Room>> {
  return await listRoomsPage(viewer, filter, page);
}

/** Messages after `after` (oldest first), or the latest page before `before`. */
export async function listMessages(
  roomId: string,
  opts: { after?: string; before?: string; limit: number },
): Promise<Message[]> {
  return await listMessageRange(keys.messages(roomId), opts);
}

/** One page of a message-like log under `prefix` (messages, or staff notes): see listMessages. */
export async function listMessageRange(
  prefix: Deno.KvKey,
  opts: { after?: string; before?: string; limit: number },
): Promise<Message[]> {
  // Both bounds are message ids or id prefixes: anything else is a 400 (not a KV range error).
  const after = idBound(opts.after);
  const before = idBound(opts.before);
  if (after) {
    const out: Message[] = [];
    for await (const e of listAfterId<Message>(prefix, after, opts.limit)) out.push(e.value);
    return out;
  }
  const selector: Deno.KvListSelector = before ? { prefix, end: [...prefix, before] } : { prefix };
  const out: Message[] = [];
  for await (const e of kv().list<Message>(selector, { limit: opts.limit, reverse: true })) {
    out.push(e.value);
  }
  return out.reverse();
}

export async function markRead(viewer: ChatViewer, roomId: string): Promise<Room> {
  const room = await getRoomFor(viewer, roomId);
  const asUser = viewer.id === room.userId;
  // Viewers call this for every message they see; nothing to write when nothing is unread.
  if ((asUser ? room.unreadUser : room.unreadAdmin) === 0) return room;
  const { room: updated } = await commitRoom(
    roomId,
    (r) => asUser ? { ...r, unreadUser: 0 } : { ...r, unreadAdmin: 0 },
    null,
  );
  return updated;
}

/**
 * Rename the room's user as the room shows it (an erased account's "Deleted user"): through the
 * room's commit, so the inbox index's copies of the room change with it.
 */
export async function renameRoomUser(roomId: string, userName: string): Promise<void> {
  const exists = (await kv().get<Room>(keys.room(roomId))).value;
  if (exists) await commitRoom(roomId, (r) => ({ ...r, userName }), null);
}

// ---------- admin actions (each audited)

export const roomPatchSchema = z.object({
  tags: z.array(z.string().trim().min(1).max(30)).max(10).optional(),
  priority: z.enum(["low", "normal", "high"]).optional(),
});

function audited(admin: UserRecord, action: string, before: Room): Hook {
  return (op, after) => {
    const entry = auditEntry(admin.id, action, `room:${before.id}`, {
      status: before.status,
      adminId: before.adminId,
      tags: before.tags,
      priority: before.priority,
    }, {
      status: after.status,
      adminId: after.adminId,
      tags: after.tags,
      priority: after.priority,
    });
    op.set(keys.audit(entry.id), entry);
  };
}

export async function assignRoom(
  admin: UserRecord,
  roomId: string,
  adminId: string,
  adminName: string,
) {
  const before = await getRoomFor(admin, roomId);
  const tr = serverT(await roomLocale(before));
  return await commitRoom(
    roomId,
    (r) => ({ ...r, adminId, status: "assigned" }),
    {
      senderId: null,
      senderType: "system",
      message: tr("server.chat.joined", { name: adminName }),
    },
    audited(admin, "room.assign", before),
  );
}

export async function resolveRoom(admin: UserRecord, roomId: string) {
  const before = await getRoomFor(admin, roomId);
  const tr = serverT(await roomLocale(before));
  return await commitRoom(
    roomId,
    (r) => ({ ...r, status: "resolved" }),
    { senderId: null, senderType: "system", message: tr("server.chat.resolved") },
    audited(admin, "room.resolve", before),
  );
}

export async function reopenRoom(admin: UserRecord, roomId: string) {
  const before = await getRoomFor(admin, roomId);
  const tr = serverT(await roomLocale(before));
  return await commitRoom(
    roomId,
    (r) => ({ ...r, status: r.adminId ? "assigned" : "waiting_admin" }),
    { senderId: null, senderType: "system", message: tr("server.chat.reopened") },
    audited(admin, "room.reopen", before),
  );
}

export async function patchRoom(
  admin: UserRecord,
  roomId: string,
  patch: z.infer<typeof roomPatchSchema>,
) {
  const before = await getRoomFor(admin, roomId);
  return await commitRoom(
    roomId,
    (r) => ({ ...r, tags: patch.tags ?? r.tags, priority: patch.priority ?? r.priority }),
    null,
    audited(admin, "room.update", before),
  );
}

/** Tell a room's user about a reply (the bell), inside the commit that stores it. */
export async function notifyReply(op: Deno.AtomicOperation, room: Room, text: string) {
  const tr = serverT(await roomLocale(room));
  addEvent(op, userTopic(room.userId), "chat", {
    title: tr("server.notif.chatReply.title"),
    body: text.slice(0, 140),
    href: `/support?room=${room.id}`,
    roomId: room.id,
    at: new Date().toISOString(),
  });
}
