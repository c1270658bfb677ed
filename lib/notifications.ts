// Notifications: what reached a user's `user:<id>` topic (and `admins` for admins). The realtime
// event log is the store; "read" is a marker id per user.
import type { UserRecord } from "./auth.ts";
import { ADMINS_TOPIC } from "./chat.ts";
import { keys, kv } from "./kv.ts";
import { eventsAfter, type RtEvent } from "./realtime.ts";

export function notificationTopics(user: UserRecord): string[] {
  return user.role === "admin" ? [`user:${user.id}`, ADMINS_TOPIC] : [`user:${user.id}`];
}

/** Only announcements, not the admin topic's room snapshots, count as notifications. */
export const isNotification = (ev: RtEvent) => ev.type !== "room";

export async function recentNotifications(user: UserRecord, limit = 30) {
  const lastRead = (await kv().get<string>(keys.notificationsRead(user.id))).value;
  const all = (await Promise.all(notificationTopics(user).map((t) => eventsAfter(t, null))))
    .flat().filter(isNotification).sort((a, b) => (a.id < b.id ? 1 : -1));
  return {
    items: all.slice(0, limit).map((ev) => ({ ...ev, read: !!lastRead && ev.id <= lastRead })),
    unread: all.filter((ev) => !lastRead || ev.id > lastRead).length,
  };
}

export async function markNotificationsRead(user: UserRecord, upTo: string) {
  await kv().set(keys.notificationsRead(user.id), upTo);
}
