// Webhook delivery: one queued job per attempt. An attempt is claimed on the delivery record
// (so a job the queue hands out twice posts once), re-checks the URL against the SSRF guard after
// DNS resolution (and, for http, connects to the address it checked), signs the body, never follows a
// redirect, and records the result; a failure schedules the next attempt with exponential
// backoff in the same commit, until the retry window ends. An integration that has failed for a
// whole window is disabled and its owner emailed.
import { config } from "../config.ts";
import { AppError } from "../http/index.ts";
import { getLarge, kv, nowIso, retryAtomic } from "../kv/index.ts";
import { defineJob } from "../queue/index.ts";
import { mailLocale, sendMail, webhookDisabledEmail } from "../mail/index.ts";
import { getUser } from "../auth/index.ts";
import { integrationKeys as ik } from "./keys.ts";
import { checkWebhookUrl } from "./ssrf.ts";
import type { Delivery, Integration, WebhookEvent } from "./model.ts";

export interface DeliverPayload {
  pageId: string;
  integrationId: string;
  deliveryId: string;
  /** The attempt this job makes (1 = first). */
  attempt: number;
}

/** Delivery records and event bodies are kept this long (the delivery log's reach). */
export const LOG_TTL_MS = 30 * 24 * 3600 * 1000;
/** Bounded excerpts of request and response bodies in the log. */
export const EXCERPT_CHARS = 2000;
const MAX_BACKOFF_MS = 6 * 3600 * 1000;

export const deliverJob = defineJob<DeliverPayload>("webhook.deliver", runAttempt);

/** The wait before attempt `attempt + 1`: the base, doubled per failed attempt, capped at 6 h. */
export function backoffMs(attempt: number, base = config().webhookBackoffMs): number {
  return Math.min(base * 2 ** Math.min(attempt - 1, 30), Math.max(base, MAX_BACKOFF_MS));
}

/** Hex HMAC-SHA256 of `t.body` keyed with the secret (the `v1` of LandingHub-Signature). */
export async function sign(secret: string, t: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  request: Delivery["request"];
  response: Delivery["response"];
}

const excerpt = (s: string) =>
  s.length > EXCERPT_CHARS ? s.slice(0, EXCERPT_CHARS) + "…[truncated]" : s;

/**
 * POST `body` to `url`; an http URL connects to `addresses[0]` when given (the address the SSRF
 * guard checked) instead of resolving the name again. No redirects are followed: a 3xx fails.
 */
export async function postSigned(
  url: URL,
  addresses: string[],
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<AttemptResult> {
  const request = { url: url.href, headers, body: excerpt(body) };
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  // Deno's "tcp" transport speaks plain HTTP over the given socket (an https URL through it fails:
  // measured), so only http is pinned. https goes by name after the check: a DNS answer that
  // changed to an inside address meets certificate validation for the name, which an inside
  // service cannot pass.
  const client = addresses.length && url.protocol === "http:"
    ? Deno.createHttpClient({ proxy: { transport: "tcp", hostname: addresses[0], port } })
    : undefined;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: ctrl.signal,
      client,
    });
    const text = await readExcerpt(res);
    const response = {
      status: res.status,
      headers: pickHeaders(res.headers),
      body: text,
    };
    if (res.status >= 200 && res.status < 300) {
      return { ok: true, statusCode: res.status, error: null, request, response };
    }
    const error = res.status >= 300 && res.status < 400
      ? `Redirect (HTTP ${res.status}) not followed`
      : `HTTP ${res.status}`;
    return { ok: false, statusCode: res.status, error, request, response };
  } catch (err) {
    const error = ctrl.signal.aborted
      ? `No complete answer within ${timeoutMs} ms`
      : `Could not connect: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
    return { ok: false, statusCode: null, error, request, response: null };
  } finally {
    clearTimeout(timer);
    client?.close();
  }
}

/** The first few KB of a response body (the rest is not read). */
async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= EXCERPT_CHARS * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return excerpt(new TextDecoder().decode(all));
}

function pickHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["content-type", "content-length", "location", "retry-after"]) {
    const v = h.get(name);
    if (v) out[name] = v.slice(0, 300);
  }
  return out;
}

/** One signed attempt of `event` to the integration's URL (the URL is checked again first). */
async function attempt(integ: Integration, event: WebhookEvent, deliveryId: string) {
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "LandingHub-Webhooks/1.0",
    "landinghub-event": event.type,
    "landinghub-delivery": deliveryId,
    "landinghub-signature": `t=${t},v1=${await sign(integ.secret, t, body)}`,
  };
  let target;
  try {
    target = await checkWebhookUrl(integ.url, { allowPrivate: config().allowPrivateWebhooks });
  } catch (err) {
    const why = err instanceof AppError ? err.fields?.url ?? err.message : String(err);
    return {
      ok: false,
      statusCode: null,
      error: `Refused: ${why}`,
      request: { url: integ.url, headers, body: excerpt(body) },
      response: null,
    } satisfies AttemptResult;
  }
  return await postSigned(target.url, target.addresses, headers, body, config().webhookTimeoutMs);
}

async function runAttempt(p: DeliverPayload) {
  const dKey = ik.delivery(p.integrationId, p.deliveryId);
  const entry = await kv().get<Delivery>(dKey);
  const d = entry.value;
  if (!d || d.status !== "retrying") return;
  if (d.attempts === p.attempt && d.sendingSince !== null) {
    // This attempt was claimed: by a copy of this job still running, or by one that crashed.
    const staleAt = d.sendingSince + config().webhookTimeoutMs + 5000;
    if (Date.now() < staleAt) {
      // Look again once that attempt must have ended: finished, this job has nothing to do.
      await deliverJob(p, { delayMs: staleAt - Date.now() });
      return;
    }
    return await record(p, d.sendingSince, {
      ok: false,
      statusCode: null,
      error: "Interrupted (the server stopped during the attempt)",
      request: d.request,
      response: null,
    });
  }
  if (d.attempts !== p.attempt - 1) return; // a duplicate or superseded job
  const integ = (await kv().get<Integration>(ik.integration(p.pageId, p.integrationId))).value;
  if (!integ || (!integ.active && d.eventType !== "test")) {
    await kv().atomic().check(entry).set(dKey, {
      ...d,
      status: "failed",
      lastError: integ ? "The integration is disabled" : "The integration was deleted",
      nextAttemptAt: null,
      updatedAt: nowIso(),
    }, { expireIn: LOG_TTL_MS }).commit();
    return;
  }
  const startedAt = Date.now();
  const claimed: Delivery = {
    ...d,
    attempts: p.attempt,
    sendingSince: startedAt,
    firstAttemptAt: d.firstAttemptAt ?? startedAt,
  };
  if (
    !(await kv().atomic().check(entry).set(dKey, claimed, { expireIn: LOG_TTL_MS }).commit()).ok
  ) {
    return; // changed meanwhile (a manual retry or another copy of this job): that one goes on
  }
  const event = (await getLarge<WebhookEvent>(ik.webhookEvent(d.eventId))).value;
  if (!event) {
    // Past the log's lifetime: nothing left to send, so no retries either.
    await kv().set(dKey, {
      ...claimed,
      status: "failed",
      sendingSince: null,
      lastError: "The event is no longer stored",
      nextAttemptAt: null,
      updatedAt: nowIso(),
    }, { expireIn: LOG_TTL_MS });
    return;
  }
  const result = await attempt(integ, event, d.id);
  await record(p, startedAt, result);
}

/** Store an attempt's result; on failure schedule the next attempt or give up, in one commit. */
async function record(p: DeliverPayload, startedAt: number, result: AttemptResult) {
  const cfg = config();
  const disabled = await retryAtomic(async (op) => {
    const dEntry = await kv().get<Delivery>(ik.delivery(p.integrationId, p.deliveryId));
    const iEntry = await kv().get<Integration>(ik.integration(p.pageId, p.integrationId));
    const d = dEntry.value;
    if (!d) return null;
    const now = Date.now();
    const next: Delivery = {
      ...d,
      attempts: Math.max(d.attempts, p.attempt),
      sendingSince: null,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      request: result.request ?? d.request,
      response: result.response,
      updatedAt: nowIso(),
      nextAttemptAt: null,
      status: result.ok ? "succeeded" : "failed",
    };
    const wait = backoffMs(next.attempts, cfg.webhookBackoffMs);
    if (!result.ok) {
      if (now + wait <= d.retryUntil) {
        next.status = "retrying";
        next.nextAttemptAt = new Date(now + wait).toISOString();
        await deliverJob({ ...p, attempt: next.attempts + 1 }, { atomic: op, delayMs: wait });
      }
    }
    op.check(dEntry, iEntry).set(dEntry.key, next, { expireIn: LOG_TTL_MS });
    const integ = iEntry.value;
    if (!integ || d.eventType === "test") return null;
    if (result.ok) {
      if (integ.failingSince) op.set(iEntry.key, { ...integ, failingSince: null });
      return null;
    }
    const since = integ.failingSince ?? new Date(startedAt).toISOString();
    // Failing for the whole window: every attempt of a delivery that now gives up (it has tried
    // for the window) failed, and nothing succeeded since its first attempt.
    const gaveUp = next.status === "failed";
    const failedLongEnough = now - Date.parse(since) >= cfg.webhookRetryWindowMs ||
      (gaveUp && Date.parse(since) <= (d.firstAttemptAt ?? startedAt));
    if (integ.active && failedLongEnough) {
      const reason = `Every delivery failed for ${
        Math.round(cfg.webhookRetryWindowMs / 3600_000) || "<1"
      } h (last: ${result.error})`;
      op.set(iEntry.key, { ...integ, failingSince: since, active: false, disabledReason: reason });
      return integ;
    }
    if (!integ.failingSince) op.set(iEntry.key, { ...integ, failingSince: since });
    return null;
  });
  if (disabled) await tellOwner(disabled, result.error);
}

async function tellOwner(integ: Integration, lastError: string | null) {
  const owner = await getUser(integ.ownerId);
  if (!owner) return;
  await sendMail({
    ...webhookDisabledEmail({
      url: integ.url,
      error: String(lastError),
      link: `${config().appOrigin}/pages/${integ.pageId}/integrations`,
    }, mailLocale(owner)),
    to: owner.email,
  });
}
