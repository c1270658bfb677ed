// Snooze: staff put a room aside until a time. A snoozed room leaves the unassigned queue (it
// shows under ?snoozed=1 instead) and comes back when the time comes (a job queued in the same
// commit) or as soon as its user writes again, whichever is first.
import { z } from "zod";
import { invalid } from "../http/index.ts";
import { defineJob } from "../queue/index.ts";
import { type ChatViewer, commitRoom, getRoomFor } from "./rooms.ts";

const MAX_MS = 30 * 86_400_000;

export const snoozeSchema = z.object({
  /** An ISO date-time in the future (at most 30 days ahead), or null to wake the room now. */
  until: z.string().datetime({ offset: true }).nullable(),
});

const wake = defineJob<{ roomId: string; until: string }>("chat.unsnooze", async (p) => {
  await commitRoom(
    p.roomId,
    // Only the snooze this job was queued for: a later snooze has its own job.
    (r) => r.snoozedUntil === p.until ? { ...r, snoozedUntil: null } : r,
    null,
  );
});

export async function snoozeRoom(admin: ChatViewer, roomId: string, until: string | null) {
  await getRoomFor(admin, roomId);
  let at: string | null = null;
  if (until) {
    const ms = Date.parse(until) - Date.now();
    if (!(ms > 0) || ms > MAX_MS) {
      throw invalid("Snooze until a time in the next 30 days", { until: "in the future" });
    }
    at = new Date(Date.parse(until)).toISOString();
  }
  return await commitRoom(
    roomId,
    (r) => ({ ...r, snoozedUntil: at }),
    null,
    async (op) => {
      if (at) {
        await wake({ roomId, until: at }, { atomic: op, delayMs: Date.parse(at) - Date.now() });
      }
    },
  );
}
