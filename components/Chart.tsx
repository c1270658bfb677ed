// A small SVG bar chart of a daily series: plain markup, so it renders on the server and inside
// the LiveStats island alike. Its words come from a small area of their own (not the whole app's
// catalogues), so the island bundles only them.
import { useAreaT } from "../lib/i18n/area.ts";
import { sellerChart } from "../lib/i18n/areas/seller-chart.ts";

export interface DailyPoint {
  day: string;
  value: number;
}

export function BarChart(
  { title, series, format = String, testId, totalText, ariaLabel }: {
    title: string;
    series: DailyPoint[];
    format?: (n: number) => string;
    /** Translated callers give a stable test id and their words for the total and the chart. */
    testId?: string;
    totalText?: (total: string) => string;
    ariaLabel?: string;
  },
) {
  const t = useAreaT(sellerChart);
  const max = Math.max(1, ...series.map((p) => p.value));
  const total = series.reduce((s, p) => s + p.value, 0);
  const w = 300;
  const h = 80;
  const bar = w / series.length;
  return (
    <figure
      class="card p-4"
      data-testid={testId ?? `chart-${title.toLowerCase().replace(/\W+/g, "-")}`}
    >
      <figcaption class="mb-2 flex justify-between text-sm">
        <span class="font-medium">{title}</span>
        <span class="text-slate-500">
          {totalText ? totalText(format(total)) : t("seller.chart.total", { total: format(total) })}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h + 1}`}
        class="h-auto w-full"
        role="img"
        aria-label={ariaLabel ?? t("seller.chart.aria", { title })}
      >
        {series.map((p, i) => {
          const bh = Math.round((p.value / max) * h);
          return (
            <rect
              key={p.day}
              x={i * bar + 1}
              y={h - bh}
              width={bar - 2}
              height={Math.max(bh, p.value > 0 ? 1 : 0)}
              rx="1"
              class="fill-brand-500"
            >
              <title>{`${p.day}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
        <line x1="0" x2={w} y1={h} y2={h} class="stroke-slate-200" />
      </svg>
      {/* Outside the SVG, so the dates keep the text size however wide the chart is drawn. */}
      <div class="mt-1 flex justify-between text-xs text-slate-500">
        <span>{series[0]?.day.slice(5)}</span>
        <span>{series.at(-1)?.day.slice(5)}</span>
      </div>
    </figure>
  );
}
