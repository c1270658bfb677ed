// Notifications: what reached a user's `user:<id>` topic (and `admins` for admins). The realtime
// event log is the store; "read" is a marker id per user.
import type { UserRecord } from "../auth/index.ts";
import { ADMINS_TOPIC, userTopic } from "../realtime/topics.ts";
import { idCursor, idTime, keys, kv } from "../kv/index.ts";
import type { RtEvent } from "../realtime/index.ts";

export function notificationTopics(user: UserRecord): string[] {
  return user.role === "admin" ? [userTopic(user.id), ADMINS_TOPIC] : [userTopic(user.id)];
}

/** Only announcements count as notifications, not the room snapshots that room lists follow. */
export const isNotification = (ev: RtEvent) => ev.type !== "room" && ev.type !== "message";

/** How many log entries of one topic a request reads at most (room snapshots included). */
const SCAN = 2000;

/**
 * Notifications of a topic, newest first, older than `before` (all when null), until `stop` says
 * so. The log also holds room snapshots (one per chat message on the admins' topic), so it is
 * read from the newest end: recent notifications are never crowded out by older traffic.
 */
async function scan(
  topic: string,
  before: string | null,
  stop: (ev: RtEvent, found: number) => boolean,
): Promise<RtEvent[]> {
  const prefix = keys.events(topic);
  const selector: Deno.KvListSelector = before ? { prefix, end: [...prefix, before] } : { prefix };
  const out: RtEvent[] = [];
  let read = 0;
  for await (const e of kv().list<RtEvent>(selector, { reverse: true, batchSize: 200 })) {
    if (++read > SCAN || stop(e.value, out.length)) break;
    if (isNotification(e.value)) out.push(e.value);
  }
  return out;
}

/** A page of notifications (newest first; the cursor is the last id returned) and the unread count. */
export async function recentNotifications(
  user: UserRecord,
  page: number | { limit: number; cursor?: string | null } = 30,
) {
  const { limit, cursor } = typeof page === "number" ? { limit: page, cursor: null } : page;
  const before = idCursor(cursor);
  const lastRead = (await kv().get<string>(keys.notificationsRead(user.id))).value;
  const topics = notificationTopics(user);
  const [pages, unread] = await Promise.all([
    Promise.all(topics.map((t) => scan(t, before, (_, found) => found > limit))),
    Promise.all(topics.map((t) => scan(t, null, (ev) => !!lastRead && ev.id <= lastRead))),
  ]);
  const all = pages.flat().sort((a, b) => (a.id < b.id ? 1 : -1));
  const items = all.slice(0, limit);
  return {
    // `at`: when it happened (ids are time-ordered), for the bell to show.
    items: items.map((ev) => ({
      ...ev,
      at: new Date(idTime(ev.id)).toISOString(),
      read: !!lastRead && ev.id <= lastRead,
    })),
    cursor: all.length > limit ? items[items.length - 1].id : null,
    unread: unread.reduce((n, t) => n + t.length, 0),
  };
}

export async function markNotificationsRead(user: UserRecord, upTo: string) {
  await kv().set(keys.notificationsRead(user.id), upTo);
}
