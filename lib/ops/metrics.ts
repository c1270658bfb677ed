// In-process metrics in the Prometheus text format (GET /metrics). Plain counters in maps: a
// request costs a few Map lookups and additions, never a KV write. Each process reports its own
// figures; Prometheus sums over instances.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[]; // per bucket (not cumulative), the last one is +Inf
  sum: number;
  count: number;
}

const requests = new Map<string, number>();
const durations = new Map<string, Histogram>();
const jobs = new Map<string, number>();
const jobDurations = new Map<string, Histogram>();
const counters = {
  kvCommitConflicts: 0,
  kvCommitRetries: 0,
  kvCommitGiveUps: 0,
  siteCacheHits: 0,
  siteCacheMisses: 0,
  siteRequests: 0,
};
const gauges = new Map<string, { help: string; read: () => number }>();
const collectors = new Map<string, () => Promise<string[]>>();

/** Label values escaped as the text format requires. */
function label(v: string) {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function observe(map: Map<string, Histogram>, key: string, seconds: number) {
  let h = map.get(key);
  if (!h) map.set(key, h = { counts: new Array(BUCKETS.length + 1).fill(0), sum: 0, count: 0 });
  let i = 0;
  while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
  h.counts[i]++;
  h.sum += seconds;
  h.count++;
}

/** One app request: `route` is the matched route pattern (bounded set), never the raw path. */
export function countRequest(method: string, route: string, status: number, ms: number) {
  const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  observe(durations, `method="${label(method)}",route="${label(route)}"`, ms / 1000);
}

/** One published-site request (counted without per-request labels: the hot path stays cheap). */
export function countSiteRequest() {
  counters.siteRequests++;
}

/** A queue job attempt ended: outcome is "ok", "retry" or "dead". */
export function countJob(type: string, outcome: "ok" | "retry" | "dead", ms: number) {
  const key = `type="${label(type)}",outcome="${outcome}"`;
  jobs.set(key, (jobs.get(key) ?? 0) + 1);
  observe(jobDurations, `type="${label(type)}"`, ms / 1000);
}

/** retryAtomic: a commit lost to another writer and was retried (or, after the last, gave up). */
export function countKvConflict(gaveUp: boolean) {
  counters.kvCommitConflicts++;
  if (gaveUp) counters.kvCommitGiveUps++;
  else counters.kvCommitRetries++;
}

/** The published-site cache answered from memory (hit) or had to read KV (miss). */
export function countSiteCache(hit: boolean) {
  if (hit) counters.siteCacheHits++;
  else counters.siteCacheMisses++;
}

/** A value read when /metrics is scraped (open SSE streams, jobs in flight). */
export function gauge(name: string, help: string, read: () => number) {
  gauges.set(name, { help, read });
}

/**
 * Lines read when /metrics is scraped from a source that needs I/O (the queue's depth from KV):
 * one scrape every few seconds pays for it, requests never do. Registered again under the same
 * name, it replaces the previous one.
 */
export function collector(name: string, read: () => Promise<string[]>) {
  collectors.set(name, read);
}

/** renderMetrics plus the collectors' lines (a failing collector is left out, with a comment). */
export async function collectMetrics(): Promise<string> {
  const out = [renderMetrics().trimEnd()];
  for (const [name, read] of collectors) {
    try {
      out.push(...await read());
    } catch {
      out.push(`# collector ${name} failed`);
    }
  }
  return out.join("\n") + "\n";
}

/** Current counter values (tests). */
export function metricsSnapshot() {
  return { ...counters, requests: new Map(requests), jobs: new Map(jobs) };
}

function histogramLines(name: string, map: Map<string, Histogram>, out: string[]) {
  for (const [labels, h] of map) {
    let cumulative = 0;
    for (let i = 0; i < BUCKETS.length; i++) {
      cumulative += h.counts[i];
      out.push(`${name}_bucket{${labels},le="${BUCKETS[i]}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${labels},le="+Inf"} ${h.count}`);
    out.push(`${name}_sum{${labels}} ${h.sum}`);
    out.push(`${name}_count{${labels}} ${h.count}`);
  }
}

/** Everything in the Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(): string {
  const out: string[] = [];
  const head = (name: string, type: string, help: string) =>
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  head("landinghub_http_requests_total", "counter", "App requests by route pattern and status.");
  for (const [labels, n] of requests) out.push(`landinghub_http_requests_total{${labels}} ${n}`);
  head(
    "landinghub_http_request_duration_seconds",
    "histogram",
    "App request latency by route pattern.",
  );
  histogramLines("landinghub_http_request_duration_seconds", durations, out);

  head("landinghub_site_requests_total", "counter", "Published-site requests.");
  out.push(`landinghub_site_requests_total ${counters.siteRequests}`);
  head("landinghub_site_cache_hits_total", "counter", "Published pages served from memory.");
  out.push(`landinghub_site_cache_hits_total ${counters.siteCacheHits}`);
  head("landinghub_site_cache_misses_total", "counter", "Published pages read from KV.");
  out.push(`landinghub_site_cache_misses_total ${counters.siteCacheMisses}`);

  head("landinghub_queue_jobs_total", "counter", "Queue job attempts by type and outcome.");
  for (const [labels, n] of jobs) out.push(`landinghub_queue_jobs_total{${labels}} ${n}`);
  head("landinghub_queue_job_duration_seconds", "histogram", "Queue job run time by type.");
  histogramLines("landinghub_queue_job_duration_seconds", jobDurations, out);

  head("landinghub_kv_commit_conflicts_total", "counter", "Atomic commits lost to another writer.");
  out.push(`landinghub_kv_commit_conflicts_total ${counters.kvCommitConflicts}`);
  head("landinghub_kv_commit_retries_total", "counter", "Atomic commits tried again.");
  out.push(`landinghub_kv_commit_retries_total ${counters.kvCommitRetries}`);
  head("landinghub_kv_commit_give_ups_total", "counter", "Atomic commits abandoned (503 busy).");
  out.push(`landinghub_kv_commit_give_ups_total ${counters.kvCommitGiveUps}`);

  for (const [name, g] of gauges) {
    head(name, "gauge", g.help);
    let v = 0;
    try {
      v = g.read();
    } catch { /* a source that is shut down reads as 0 */ }
    out.push(`${name} ${v}`);
  }
  return out.join("\n") + "\n";
}
