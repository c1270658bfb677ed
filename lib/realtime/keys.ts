// KV keys of the realtime event log: events by topic and each topic's head (watched).
export const realtimeKeys = {
  event: (topic: string, id: string) => ["events", topic, id],
  events: (topic: string) => ["events", topic],
  eventHead: (topic: string) => ["event_heads", topic],
} as const;
