// The words blocks draw themselves on published pages and in the editor's canvas (the countdown's,
// the form's select placeholder). Their own area, not lib/i18n/en.ts: blocks are drawn inside the
// editor island, and importing the app's catalogues there bundles every language of the app.
import { defineArea } from "../area.ts";

export const siteBlocks = defineArea({
  en: { "site.until": "Until {date}", "site.units": "d|h|m|s", "site.choose": "Choose…" },
  vi: {
    "site.until": "Đến {date}",
    "site.units": " ngày| giờ| phút| giây",
    "site.choose": "Chọn…",
  },
  th: { "site.until": "จนถึง {date}", "site.units": " วัน| ชม.| นาที| วินาที", "site.choose": "เลือก…" },
});
