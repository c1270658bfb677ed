// Pure helpers of the benchmark suite: percentiles, wrk's report, static imports, the table.

/** The p-th percentile (0..100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LoadResult {
  tool: "wrk" | "autocannon";
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses outside 2xx/3xx. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000 };

function toMs(text: string): number {
  const m = text.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) throw new Error(`wrk: unreadable latency "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Read `wrk --latency` output. */
export function parseWrk(out: string): LoadResult {
  const grab = (re: RegExp) => out.match(re)?.[1];
  const rps = grab(/Requests\/sec:\s+([\d.]+)/);
  const p50 = grab(/^\s+50%\s+(\S+)\s*$/m);
  const p99 = grab(/^\s+99%\s+(\S+)\s*$/m);
  if (!rps || !p50 || !p99) throw new Error(`wrk: unreadable output\n${out}`);
  const socket = out.match(
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/,
  );
  return {
    tool: "wrk",
    rps: Number(rps),
    p50: toMs(p50),
    p99: toMs(p99),
    requests: Number(grab(/(\d+) requests in/) ?? 0),
    non2xx: Number(grab(/Non-2xx or 3xx responses: (\d+)/) ?? 0),
    errors: socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
  };
}

/** Relative specifiers a module imports or re-exports statically (not `import()`). */
export function staticImports(js: string): string[] {
  const re = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  return [...new Set([...js.matchAll(re)].map((m) => m[1]))];
}

export interface Row {
  scenario: string;
  rps?: number;
  p50?: number;
  p99?: number;
  /** The measured figure against its target, e.g. "0.74 / ≥ 0.70". */
  vsTarget: string;
  pass: boolean | null;
}

const fmt = (n: number | undefined, digits: number) =>
  n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits);

/** A plain-text table; `pass: null` means informational (no target). */
export function formatTable(rows: Row[]): string {
  const head = ["scenario", "req/s", "p50 ms", "p99 ms", "value / target", "result"];
  const body = rows.map((r) => [
    r.scenario,
    fmt(r.rps, 0),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    r.vsTarget,
    r.pass === null ? "info" : r.pass ? "PASS" : "FAIL",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))
      .join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/**
 * How far `value` is past `target` in words ("" when within it): "+0.42 s (+8%)" style, so a
 * missed target says by how much.
 */
export function overBy(value: number, target: number, unit: string, higherIsBetter = false) {
  const miss = higherIsBetter ? target - value : value - target;
  if (!(miss > 0)) return "";
  const digits = Math.abs(miss) < 10 ? 2 : 0;
  return `, missed by ${miss.toFixed(digits)}${unit} (${Math.round((miss / target) * 100)}%)`;
}

/** p50/p99 of a growth route on both stores, its ratio and the verdict against `maxRatio`. */
export function growthRow(
  scenario: string,
  small: { p50: number; p99: number },
  large: { p50: number; p99: number },
  maxRatio = 1.5,
  paired?: { ratio: number; ratios: number[] },
): Row & { ratio: number } {
  const ratio = paired?.ratio ?? large.p50 / small.p50;
  const rounds = paired ? ` (median of ${paired.ratios.join(", ")})` : "";
  return {
    scenario,
    p50: large.p50,
    p99: large.p99,
    ratio,
    vsTarget: `p50 ${large.p50.toFixed(1)} vs ${small.p50.toFixed(1)} ms: ×${
      ratio.toFixed(2)
    } / ≤ ${maxRatio}${overBy(ratio, maxRatio, "×")}${rounds}`,
    pass: ratio <= maxRatio,
  };
}
