// Queue figures for /metrics, read from KV when the metrics are scraped (never per request):
// how many jobs wait or run, how long the oldest due one has waited past its time, and how many
// dead letters there are, by job type. Both backends keep a record per job with its type and due
// time: the job list its job records, the embedded KV queue its pending records.
import { keys, kv } from "../kv/index.ts";

/** A scrape reads at most this many records per kind (the figures say so when capped). */
export const STATS_SCAN_LIMIT = 10_000;

interface Stat {
  depth: number;
  oldestDue: number;
}

const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export async function queueStats(kind: "kv" | "jobs") {
  const byType = new Map<string, Stat>();
  const prefix = kind === "jobs" ? keys.jobsPrefix() : keys.jobsPendingPrefix();
  let scanned = 0;
  for await (
    const e of kv().list<{ type: string; runAt: number; dueAt?: number }>({ prefix }, {
      limit: STATS_SCAN_LIMIT,
      batchSize: 500,
    })
  ) {
    scanned++;
    const s = byType.get(e.value.type) ?? { depth: 0, oldestDue: Infinity };
    s.depth++;
    s.oldestDue = Math.min(s.oldestDue, e.value.dueAt ?? e.value.runAt);
    byType.set(e.value.type, s);
  }
  const dead = new Map<string, number>();
  let deadScanned = 0;
  for await (
    const e of kv().list<{ type?: string }>({ prefix: keys.deadJobsPrefix() }, {
      limit: STATS_SCAN_LIMIT,
      batchSize: 500,
    })
  ) {
    deadScanned++;
    const type = e.value?.type ?? "unknown";
    dead.set(type, (dead.get(type) ?? 0) + 1);
  }
  return {
    byType,
    dead,
    capped: scanned >= STATS_SCAN_LIMIT || deadScanned >= STATS_SCAN_LIMIT,
  };
}

/** The queue's lines of the Prometheus text. */
export async function queueStatLines(kind: "kv" | "jobs"): Promise<string[]> {
  const { byType, dead, capped } = await queueStats(kind);
  const now = Date.now();
  const out = [
    "# HELP landinghub_queue_depth Jobs waiting or running, by type.",
    "# TYPE landinghub_queue_depth gauge",
  ];
  for (const [type, s] of byType) {
    out.push(`landinghub_queue_depth{type="${label(type)}"} ${s.depth}`);
  }
  out.push(
    "# HELP landinghub_queue_oldest_age_seconds How long the oldest due job has waited past its time.",
    "# TYPE landinghub_queue_oldest_age_seconds gauge",
  );
  for (const [type, s] of byType) {
    const age = Math.max(0, now - s.oldestDue) / 1000;
    out.push(`landinghub_queue_oldest_age_seconds{type="${label(type)}"} ${age}`);
  }
  out.push(
    "# HELP landinghub_queue_dead_jobs Jobs that failed their last attempt (dead letters kept).",
    "# TYPE landinghub_queue_dead_jobs gauge",
  );
  for (const [type, n] of dead) out.push(`landinghub_queue_dead_jobs{type="${label(type)}"} ${n}`);
  out.push(
    `# HELP landinghub_queue_stats_capped 1 when a scrape read only the first ${STATS_SCAN_LIMIT} records.`,
    "# TYPE landinghub_queue_stats_capped gauge",
    `landinghub_queue_stats_capped ${capped ? 1 : 0}`,
  );
  return out;
}
