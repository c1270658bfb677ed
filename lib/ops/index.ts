// Operations surface: logs, metrics, request ids, API description, backups.
import { setLogLevel } from "./log.ts";

export {
  errorFields,
  flushLogs,
  log,
  logEnabled,
  type LogLevel,
  setLogLevel,
  setLogSink,
} from "./log.ts";
export {
  collectMetrics,
  collector,
  countJob,
  countKvConflict,
  countRequest,
  countSiteCache,
  gauge,
  metricsSnapshot,
  renderMetrics,
} from "./metrics.ts";
export {
  logRequestError,
  requestContext,
  requestIdFrom,
  requestIdOf,
  siteRequest,
} from "./http.ts";

let metricsToken: string | null = null;

/** LOG_LEVEL and METRICS_TOKEN from the environment (read at server start). */
export function configureOps(env: Record<string, string | undefined>) {
  setLogLevel(env.LOG_LEVEL);
  metricsToken = env.METRICS_TOKEN || null;
}

/** null: /metrics is off (404). */
export function configuredMetricsToken(): string | null {
  return metricsToken;
}

/** Constant-time comparison of a presented token with the configured one. */
export function metricsTokenMatches(given: string): boolean {
  if (!metricsToken) return false;
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(metricsToken);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= b[i] ^ (a[i % Math.max(a.length, 1)] ?? 0);
  return diff === 0;
}
