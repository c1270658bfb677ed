// Words for values the API sends as codes (a room's status and priority), in the page's language.
// An unknown code (a status added later) shows as it is, as it always did.
import type { AreaTranslate } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";

export type ChatT = AreaTranslate<typeof chat.en>;
type Key = keyof typeof chat.en;

const known = (key: string): key is Key => key in chat.en;

/** "waiting_admin" → "waiting admin" (en), "chờ nhân viên" (vi). */
export function statusLabel(t: ChatT, status: string): string {
  const key = `chat.status.${status}`;
  return known(key) ? t(key) : status.replace("_", " ");
}

/** "high" → "high" (en), "cao" (vi). */
export function priorityLabel(t: ChatT, priority: string): string {
  const key = `chat.priority.${priority}`;
  return known(key) ? t(key) : priority;
}
