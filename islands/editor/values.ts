// Conversions between what the settings panel's inputs show and what a block stores.

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as the value of a datetime-local input: the same moment, in local time. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return "";
  const year = d.getFullYear();
  if (year < 1 || year > 9999) return "";
  return `${String(year).padStart(4, "0")}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${
    pad(d.getHours())
  }:${pad(d.getMinutes())}`;
}

/**
 * A datetime-local value (local time, no zone) as an ISO instant; null unless it is complete: a
 * real date and time with a four-digit year from 1000 on (a year being typed passes through 0002,
 * 0020 and 0202).
 */
export function localInputToIso(value: string): string | null {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/);
  if (!m || Number(m[1]) < 1000) return null;
  const [year, month, day, hours, minutes] = m.slice(1, 6).map(Number);
  const d = new Date(year, month - 1, day, hours, minutes, Number(m[6] ?? 0));
  // Reject dates that roll over (31 February); an hour skipped by a clock change moves forward.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return d.toISOString();
}

/** "One per line" text as a list: lines trimmed, empty lines left out. */
export function parseLines(text: string): string[] {
  return text.split("\n").map((s) => s.trim()).filter(Boolean);
}
