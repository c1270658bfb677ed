// Messages of the page editor island (toolbar, library, canvas, panels, audit, history) and device preview.
// Keys start with "editor."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const editor = defineArea({
  en: {},
  vi: {},
  th: {},
});
