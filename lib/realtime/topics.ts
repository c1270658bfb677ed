// Every realtime topic name, built in one place (events are logged and watched per topic).

/** A support room's messages and snapshots. */
export const roomTopic = (roomId: string) => `room:${roomId}`;
/** A support room's staff-only notes (admins' streams only; never a user's or a guest's). */
export const staffRoomTopic = (roomId: string) => `room-staff:${roomId}`;
/** A user's own events: notifications (leads, sales, replies) and their room list. */
export const userTopic = (userId: string) => `user:${userId}`;
/** Every admin's events: rooms waiting for a person, the admins' room list. */
export const ADMINS_TOPIC = "admins";
/** A seller's dashboard figures changed. */
export const sellerTopic = (userId: string) => `seller:${userId}`;
/** The admin dashboard's figures changed. */
export const DASHBOARD_TOPIC = "dashboard";
/** A marketplace listing changed (its id): caches and the search index of every process follow. */
export const MARKET_TOPIC = "market";
/** A page's analytics moved (flushed visits, a new lead): its open analytics pages refetch. */
export const analyticsTopic = (pageId: string) => `analytics:${pageId}`;
/** An experiment's status or results changed (its id): its results page refreshes. */
export const experimentTopic = (experimentId: string) => `experiment:${experimentId}`;
