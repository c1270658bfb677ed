// KV keys of a page's integrations (webhooks), their events and delivery log.
export const integrationKeys = {
  integration: (pageId: string, id: string) => ["integrations", pageId, id],
  integrations: (pageId: string) => ["integrations", pageId],
  /** One event body (shared by the deliveries of every integration of the page). */
  webhookEvent: (id: string) => ["webhook_events", id],
  delivery: (integrationId: string, id: string) => ["webhook_deliveries", integrationId, id],
  deliveries: (integrationId: string) => ["webhook_deliveries", integrationId],
} as const;
