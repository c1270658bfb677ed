// Integrations of a page: signed webhooks that receive its leads. Creating, listing, enabling
// and deleting them (owner only; another user's page is a 404), queuing an event's deliveries
// inside the caller's atomic commit (the lead and its deliveries are stored together), test
// events, manual retries and the delivery log. Delivery itself: deliver.ts; SSRF guard: ssrf.ts.
import { z } from "zod";
import { config } from "../config.ts";
import { conflict, notFound } from "../http/index.ts";
import {
  kv,
  listKvPage,
  newId,
  noCommit,
  nowIso,
  type Paged,
  retryAtomic,
  setLarge,
} from "../kv/index.ts";
import { getOwnPage } from "../pages/index.ts";
import { integrationKeys as ik } from "./keys.ts";
import { checkWebhookUrl } from "./ssrf.ts";
import { deliverJob, LOG_TTL_MS } from "./deliver.ts";
import {
  type Delivery,
  type Integration,
  integrationView,
  WEBHOOK_EVENTS,
  type WebhookEvent,
  type WebhookEventType,
} from "./model.ts";

export * from "./model.ts";
export { integrationKeys } from "./keys.ts";
export { backoffMs, sign } from "./deliver.ts";
export { blockedReason, checkWebhookUrl } from "./ssrf.ts";

/** Webhooks per page (each new lead is one queued job per webhook, in the lead's commit). */
export const MAX_INTEGRATIONS = 10;

export const createIntegrationSchema = z.object({
  type: z.literal("webhook"),
  url: z.string().trim().min(1, "Enter the URL").max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).optional(),
});

export const patchIntegrationSchema = z.object({ active: z.boolean() });

type PageRef = { id: string; name: string; slug: string };

export async function createIntegration(
  userId: string,
  pageId: string,
  input: z.infer<typeof createIntegrationSchema>,
) {
  const page = await getOwnPage(userId, pageId);
  const { url } = await checkWebhookUrl(input.url, {
    allowPrivate: config().allowPrivateWebhooks,
  });
  const secretBytes = crypto.getRandomValues(new Uint8Array(24));
  const integ: Integration = {
    id: newId(),
    pageId: page.id,
    ownerId: userId,
    type: "webhook",
    url: url.href,
    secret: "whsec_" + [...secretBytes].map((b) => b.toString(16).padStart(2, "0")).join(""),
    events: [...new Set(input.events ?? ["lead.created" as const])],
    active: true,
    failingSince: null,
    disabledReason: null,
    createdAt: nowIso(),
  };
  const existing = await integrationsOf(page.id);
  if (existing.length >= MAX_INTEGRATIONS) {
    throw conflict("too_many_integrations", `A page can have up to ${MAX_INTEGRATIONS} webhooks`);
  }
  await kv().set(ik.integration(page.id, integ.id), integ);
  return integrationView(integ, true);
}

async function integrationsOf(pageId: string): Promise<Integration[]> {
  const out: Integration[] = [];
  for await (const e of kv().list<Integration>({ prefix: ik.integrations(pageId) })) {
    out.push(e.value);
  }
  return out;
}

export async function listIntegrations(userId: string, pageId: string) {
  await getOwnPage(userId, pageId);
  return (await integrationsOf(pageId)).map((i) => integrationView(i));
}

async function ownIntegration(userId: string, pageId: string, id: string) {
  await getOwnPage(userId, pageId);
  const entry = await kv().get<Integration>(ik.integration(pageId, id));
  if (!entry.value) throw notFound("Integration");
  return entry;
}

export async function getIntegration(userId: string, pageId: string, id: string) {
  return integrationView((await ownIntegration(userId, pageId, id)).value!);
}

export async function deleteIntegration(userId: string, pageId: string, id: string) {
  const entry = await ownIntegration(userId, pageId, id);
  // Its deliveries expire with the log; queued attempts find it gone and stop.
  await kv().delete(entry.key);
}

/** Enable (clearing the failure run) or disable an integration. */
export async function setIntegrationActive(
  userId: string,
  pageId: string,
  id: string,
  active: boolean,
) {
  await ownIntegration(userId, pageId, id);
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Integration>(ik.integration(pageId, id));
    if (!entry.value) throw notFound("Integration");
    if (entry.value.active === active) return noCommit(integrationView(entry.value));
    const next: Integration = {
      ...entry.value,
      active,
      failingSince: null,
      disabledReason: active ? null : "Disabled by the owner",
    };
    op.check(entry).set(entry.key, next);
    return integrationView(next);
  });
}

function newEvent(type: WebhookEventType, page: PageRef, lead: unknown): WebhookEvent {
  return {
    id: `evt_${newId()}`,
    type,
    createdAt: nowIso(),
    data: { page: { id: page.id, name: page.name, slug: page.slug }, lead },
  };
}

function storeEvent(op: Deno.AtomicOperation, event: WebhookEvent) {
  setLarge(op, ik.webhookEvent(event.id), event, null, { spill: ["data"], expireIn: LOG_TTL_MS });
}

/** Add a delivery of `event` to `integ` and the job of its first attempt to `op`. */
async function addDelivery(op: Deno.AtomicOperation, integ: Integration, event: WebhookEvent) {
  const now = Date.now();
  const delivery: Delivery = {
    id: newId(),
    integrationId: integ.id,
    pageId: integ.pageId,
    eventId: event.id,
    eventType: event.type,
    status: "retrying",
    attempts: 0,
    lastStatusCode: null,
    lastError: null,
    retryUntil: now + config().webhookRetryWindowMs,
    nextAttemptAt: new Date(now).toISOString(),
    sendingSince: null,
    firstAttemptAt: null,
    request: null,
    response: null,
    createdAt: new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
  };
  op.set(ik.delivery(integ.id, delivery.id), delivery, { expireIn: LOG_TTL_MS });
  await deliverJob({
    pageId: integ.pageId,
    integrationId: integ.id,
    deliveryId: delivery.id,
    attempt: 1,
  }, { atomic: op });
  return delivery;
}

/**
 * Queue a lead event to every active webhook of the page that subscribes to it, inside `op` (the
 * commit that stores the lead): either the lead and its deliveries are stored, or neither.
 */
export async function queueLeadEvent(
  op: Deno.AtomicOperation,
  page: PageRef,
  lead: unknown,
  type: (typeof WEBHOOK_EVENTS)[number],
) {
  const hooks = (await integrationsOf(page.id)).filter((i) => i.active && i.events.includes(type));
  if (!hooks.length) return;
  const event = newEvent(type, page, lead);
  storeEvent(op, event);
  for (const h of hooks) await addDelivery(op, h, event);
}

/** Send a `test` event (a sample lead) to the webhook, enabled or not; returns its delivery. */
export async function sendTestEvent(userId: string, pageId: string, id: string) {
  const page = await getOwnPage(userId, pageId);
  const integ = (await ownIntegration(userId, pageId, id)).value!;
  const event = newEvent("test", page, {
    id: "lead_test",
    pageId: page.id,
    blockId: "form",
    data: { name: "Test Lead", email: "test@example.com" },
    status: "new",
    tags: [],
    submittedAt: nowIso(),
  });
  const op = kv().atomic();
  storeEvent(op, event);
  const delivery = await addDelivery(op, integ, event);
  await op.commit();
  return delivery;
}

/** Attempt a delivery again now (a new retry window starts); the webhook must be enabled. */
export async function retryDelivery(
  userId: string,
  pageId: string,
  id: string,
  deliveryId: string,
): Promise<Delivery> {
  const integ = (await ownIntegration(userId, pageId, id)).value!;
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Delivery>(ik.delivery(id, deliveryId));
    const d = entry.value;
    if (!d) throw notFound("Delivery");
    if (!integ.active && d.eventType !== "test") {
      throw conflict("integration_disabled", "Enable the webhook before retrying");
    }
    if (d.sendingSince !== null) {
      throw conflict("delivery_in_progress", "An attempt is in progress; wait for its result");
    }
    const now = Date.now();
    const next: Delivery = {
      ...d,
      status: "retrying",
      retryUntil: Math.max(d.retryUntil, now + config().webhookRetryWindowMs),
      nextAttemptAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
    };
    op.check(entry).set(entry.key, next, { expireIn: LOG_TTL_MS });
    await deliverJob({ pageId, integrationId: id, deliveryId, attempt: d.attempts + 1 }, {
      atomic: op,
    });
    return next;
  });
}

export async function listDeliveries(
  userId: string,
  pageId: string,
  id: string,
  opts: { limit: number; cursor: string | null },
): Promise<Paged<Omit<Delivery, "sendingSince" | "retryUntil" | "firstAttemptAt">>> {
  await ownIntegration(userId, pageId, id);
  const page = await listKvPage<Delivery>(ik.deliveries(id), opts);
  return {
    items: page.items.map(({ sendingSince: _s, retryUntil: _r, firstAttemptAt: _f, ...d }) => d),
    cursor: page.cursor,
  };
}
