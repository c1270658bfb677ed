// Messages of chat and live islands (support chat, guest chat, widget, conversations, admin rooms, bell, live stats, analytics view, experiment results).
// Keys start with "chat."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const chat = defineArea({
  en: {},
  vi: {},
  th: {},
});
