// Messages of the admin consoles and their navigation.
// Keys start with "admin."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const admin = defineArea({
  en: {},
  vi: {},
  th: {},
});
