// KV keys of notifications (the events themselves live in the realtime log).
export const notificationKeys = {
  notificationsRead: (userId: string) => ["notifications_read", userId],
} as const;
