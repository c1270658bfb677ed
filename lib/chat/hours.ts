// Office hours: when staff answer, in one time zone, and what the assistant adds when it hands a
// conversation over outside them (an away message with the expected reply time). Unset means
// always open. One small KV record, read per hand-over and by the public status route.
import { z } from "zod";
import { kv } from "../kv/index.ts";

const KEY = ["chat_settings", "office_hours"];
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM");

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const officeHoursSchema = z.object({
  timezone: z.string().max(64).refine(validZone, "Unknown time zone"),
  /** Opening spans: day 0 = Sunday … 6 = Saturday, `open` before `close` (24:00 = midnight). */
  days: z.array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm }))
    .max(21)
    .refine((d) => d.every((s) => s.open < s.close), "Each span opens before it closes"),
  awayMessage: z.string().trim().min(1).max(500),
  replyTime: z.string().trim().max(100).default(""),
});
export type OfficeHours = z.infer<typeof officeHoursSchema>;

export async function getOfficeHours(): Promise<OfficeHours | null> {
  return (await kv().get<OfficeHours>(KEY)).value;
}

export async function setOfficeHours(input: OfficeHours): Promise<OfficeHours> {
  await kv().set(KEY, input);
  return input;
}

/** Whether `hours` are open at `now` (always, when unset). */
export function isOpenAt(hours: OfficeHours | null, now = new Date()): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: hours.timezone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  const time = `${get("hour")}:${get("minute")}`;
  return hours.days.some((s) => s.day === day && s.open <= time && time < s.close);
}

/** What visitors are told now: open or not, and outside hours the away message. */
export async function supportStatus() {
  const hours = await getOfficeHours();
  const open = isOpenAt(hours);
  return {
    open,
    awayMessage: open ? null : hours!.awayMessage,
    replyTime: hours?.replyTime || null,
  };
}

/** The away text the assistant adds to a hand-over outside office hours (null when open). */
export async function awayNote(): Promise<string | null> {
  const s = await supportStatus();
  if (s.open) return null;
  return s.replyTime ? `${s.awayMessage} (${s.replyTime})` : s.awayMessage!;
}
