// Structured logs: one JSON object per line on stdout (stderr for warn/error), so a log shipper
// (journald, Deno Deploy's log view, Loki) can index the fields. LOG_LEVEL picks the threshold.
// Never put tokens, passwords, cookies or message bodies into `fields`: the request log only
// takes the fields named in lib/ops/http.ts.

export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold = RANK.info;
// Lines wait here and go out in one write per BATCH_MS: a console.log per request line cost ~15 %
// of a cached page's whole request (measured on /marketplace). Warnings and errors are written at
// once (after what waits, to keep the order); shutdown calls flushLogs().
const BATCH_MS = 20;
const BATCH_MAX = 64 * 1024;
const encoder = new TextEncoder();
let pending: string[] = [];
let pendingChars = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function writeAll(stream: typeof Deno.stdout, text: string) {
  const bytes = encoder.encode(text);
  let done = 0;
  while (done < bytes.length) done += stream.writeSync(bytes.subarray(done));
}

/** Write the lines that wait (a timer does it every 20 ms; shutdown and tests call it). */
export function flushLogs() {
  clearTimeout(timer);
  timer = undefined;
  if (!pending.length) return;
  const text = pending.join("\n") + "\n";
  pending = [];
  pendingChars = 0;
  try {
    writeAll(Deno.stdout, text);
  } catch { /* stdout closed: nothing to do */ }
}

const defaultSink = (level: LogLevel, line: string) => {
  if (level === "warn" || level === "error") {
    flushLogs();
    console.error(line);
    return;
  }
  pending.push(line);
  pendingChars += line.length;
  if (pendingChars >= BATCH_MAX) flushLogs();
  else if (!timer) {
    timer = setTimeout(flushLogs, BATCH_MS);
    Deno.unrefTimer(timer); // a line waiting never keeps the process alive
  }
};
let sink: (level: LogLevel, line: string) => void = defaultSink;

/** The threshold from LOG_LEVEL (debug|info|warn|error); anything else means info. */
export function setLogLevel(level: string | undefined) {
  threshold = RANK[(level ?? "info") as LogLevel] ?? RANK.info;
}

/** Whether a line at `level` would be written (check before building an expensive line). */
export function logEnabled(level: LogLevel): boolean {
  return RANK[level] >= threshold;
}

/** Replace where lines go (tests capture them); returns a function restoring the previous sink. */
export function setLogSink(next: (level: LogLevel, line: string) => void): () => void {
  const before = sink;
  sink = next;
  return () => sink = before;
}

/** An error as loggable fields: its name, message and stack (the stack is what an operator needs). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { error: { name: err.name, message: err.message, stack: err.stack } };
  }
  return { error: { message: String(err) } };
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}) {
  if (RANK[level] < threshold) return;
  let line: string;
  try {
    line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  } catch {
    line = JSON.stringify({ time: new Date().toISOString(), level, msg, unserialisable: true });
  }
  sink(level, line);
}
