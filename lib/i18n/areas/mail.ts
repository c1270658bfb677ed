// Messages of emails (lib/mail/templates.ts and every message sent) and API error messages.
// Keys start with "mail."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const mail = defineArea({
  en: {},
  vi: {},
  th: {},
});
