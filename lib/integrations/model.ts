// Records of the integrations domain: a page's webhook, the events it is sent, and one delivery
// (an event to one webhook, with its attempts).
export const WEBHOOK_EVENTS = ["lead.created", "lead.updated"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number] | "test";

export interface Integration {
  id: string;
  pageId: string;
  ownerId: string;
  type: "webhook";
  url: string;
  secret: string;
  events: (typeof WEBHOOK_EVENTS)[number][];
  /** False once disabled (after failing for the whole retry window, or by the owner). */
  active: boolean;
  /** When the current run of failed attempts began (null after a success). */
  failingSince: string | null;
  disabledReason: string | null;
  createdAt: string;
}

/** The body POSTed to the receiver (stored once per event, shared by the page's webhooks). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: { page: { id: string; name: string; slug: string }; lead: unknown };
}

export type DeliveryStatus = "succeeded" | "retrying" | "failed";

export interface Delivery {
  id: string;
  integrationId: string;
  pageId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  /** Attempts made (or claimed) so far; the job for attempt n runs only while this is n - 1. */
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** Retries stop after this time (ms since the epoch); a manual retry moves it. */
  retryUntil: number;
  nextAttemptAt: string | null;
  /** Set while an attempt is in flight, so a crashed attempt can be told from a running one. */
  sendingSince: number | null;
  /** When the first attempt started (ms): the failure run must reach back to it to disable. */
  firstAttemptAt?: number | null;
  request: { url: string; headers: Record<string, string>; body: string } | null;
  response: { status: number; headers: Record<string, string>; body: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** An integration as the API shows it: the secret only when just created. */
export type IntegrationView = Omit<Integration, "secret"> & { secret?: string; secretHint: string };

export function integrationView(i: Integration, withSecret = false): IntegrationView {
  const { secret, ...rest } = i;
  return { ...rest, secretHint: `…${secret.slice(-4)}`, ...(withSecret ? { secret } : {}) };
}
