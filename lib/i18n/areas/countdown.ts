// The countdown block's words on published pages and in the editor's canvas. Its own area (not
// lib/i18n/en.ts) because the block is drawn inside the editor island: importing the app's
// catalogues there would bundle every language of the whole app into the editor.
import { defineArea } from "../area.ts";

export const countdown = defineArea({
  en: { "site.until": "Until {date}", "site.units": "d|h|m|s" },
  vi: { "site.until": "Đến {date}", "site.units": " ngày| giờ| phút| giây" },
  th: { "site.until": "จนถึง {date}", "site.units": " วัน| ชม.| นาที| วินาที" },
});
