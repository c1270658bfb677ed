// The seller's bar chart words (components/Chart.tsx), apart from the rest of the seller area:
// the chart also renders inside the LiveStats island, which should bundle these few messages
// only, not every seller page's. Merged into the seller area (./seller.ts), so the app
// catalogues and tests/i18n_test.ts check them with the rest.
import { defineArea } from "../area.ts";

export const sellerChart = defineArea({
  en: {
    "seller.chart.total": "{total} in 30 days",
    "seller.chart.aria": "{title} per day, last 30 days",
  },
  vi: {
    "seller.chart.total": "{total} trong 30 ngày",
    "seller.chart.aria": "{title} theo ngày, 30 ngày qua",
  },
  th: {
    "seller.chart.total": "{total} ใน 30 วัน",
    "seller.chart.aria": "{title} รายวัน ในช่วง 30 วันที่ผ่านมา",
  },
});
