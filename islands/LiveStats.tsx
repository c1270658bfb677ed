// Figures that update live from a server-sent event stream: the admin dashboard's platform
// figures, and a seller's figures with an optional per-page table (`<rowKey>:<column>`) and
// daily charts whose last bar follows `today:<key>` (a new `day` moves the window on).
// Its own words come from the admin area (lib/i18n/areas/admin.ts); figures are formatted for the
// page's language with Intl directly, since lib/i18n/index.ts would bundle every catalogue.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { BarChart, type DailyPoint } from "../components/Chart.tsx";
import { minorPerMajor } from "../lib/format.ts";
import { useAreaT } from "../lib/i18n/area.ts";
import { admin as messages } from "../lib/i18n/areas/admin.ts";
import { formatNumber, INTL_TAG } from "../lib/i18n/fill.ts";
import { useLocale } from "../lib/i18n/locale-context.ts";
import type { Locale } from "../lib/i18n/index.ts";

export interface StatTile {
  key: string;
  label: string;
  money?: boolean;
  /** The currency of a money figure (usd when left out): each currency has its own figure. */
  currency?: string;
}

export interface LiveChart {
  key: string;
  title: string;
  money?: boolean;
  currency?: string;
  series: DailyPoint[];
}

function withToday(series: DailyPoint[], day: unknown, value: unknown): DailyPoint[] {
  const last = series.at(-1);
  if (!last || typeof day !== "string" || typeof value !== "number" || day < last.day) {
    return series;
  }
  return day === last.day
    ? [...series.slice(0, -1), { day, value }]
    : [...series.slice(1), { day, value }];
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** Minor units as a reader of `locale` expects (same digits as lib/format.ts formatMoney). */
function moneyIn(amount: number, currency: string, locale: Locale): string {
  const code = currency.toUpperCase();
  const per = minorPerMajor(code);
  const id = `${locale}:${code}`;
  let f = moneyFormats.get(id);
  if (!f) {
    const digits = Math.round(Math.log10(per));
    f = new Intl.NumberFormat(INTL_TAG[locale], {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(id, f);
  }
  return f.format(amount / per);
}

export default function LiveStats(
  props: {
    src: string;
    event: string;
    tiles: StatTile[];
    initial: Record<string, number | string>;
    table?: { columns: StatTile[]; rows: { key: string; label: string; href: string }[] };
    charts?: LiveChart[];
    /** Tailwind grid classes of the charts row. */
    chartGrid?: string;
  },
) {
  const t = useAreaT(messages);
  const locale = useLocale();
  const values = useSignal(props.initial);
  const live = useSignal(false);
  useEffect(() => {
    const source = new EventSource(props.src);
    source.onopen = () => (live.value = true);
    source.onerror = () => (live.value = false);
    source.addEventListener(
      props.event,
      (e) => (values.value = JSON.parse((e as MessageEvent).data)),
    );
    return () => source.close();
  }, []);
  const fmt = (n: number, money?: boolean, currency = "usd") =>
    money ? moneyIn(n, currency, locale) : formatNumber(n, locale);
  return (
    <section class="space-y-2">
      <p class="flex items-center gap-2 text-xs text-slate-500">
        <span
          class={`inline-block h-2 w-2 rounded-full ${
            live.value ? "bg-emerald-500" : "bg-slate-300"
          }`}
        />
        {live.value ? t("admin.live.live") : t("admin.live.connecting")}
      </p>
      <div class="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-5">
        {props.tiles.map((t) => (
          <div key={t.key} class="card p-4">
            <p class="text-sm text-slate-500">{t.label}</p>
            <p class="text-2xl font-semibold" data-stat={t.key}>
              {fmt(Number(values.value[t.key] ?? 0), t.money, t.currency)}
            </p>
          </div>
        ))}
      </div>
      {props.table && (
        <div class="card overflow-x-auto">
          <table class="w-full text-sm">
            <thead class="bg-slate-50 text-left text-slate-500">
              <tr>
                <th class="px-4 py-2 font-medium">{t("admin.live.page")}</th>
                {props.table.columns.map((col) => (
                  <th key={col.key} class="px-4 py-2 text-right font-medium">{col.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row) => (
                <tr key={row.key} class="border-t border-slate-100">
                  <td class="px-4 py-2">
                    <a class="text-brand-600 hover:underline" href={row.href}>{row.label}</a>
                  </td>
                  {props.table!.columns.map((col) => (
                    <td
                      key={col.key}
                      class="px-4 py-2 text-right tabular-nums"
                      data-stat={`${row.key}:${col.key}`}
                    >
                      {fmt(
                        Number(values.value[`${row.key}:${col.key}`] ?? 0),
                        col.money,
                        col.currency,
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.charts && (
        <div class={`grid gap-4 pt-4 ${props.chartGrid ?? ""}`}>
          {props.charts.map((chart) => (
            <BarChart
              key={chart.key}
              title={chart.title}
              testId={`chart-${chart.key}`}
              totalText={(total) => t("admin.chart.total", { total })}
              ariaLabel={t("admin.chart.perDay", { title: chart.title })}
              series={withToday(chart.series, values.value.day, values.value[`today:${chart.key}`])}
              format={(n) => fmt(n, chart.money, chart.currency)}
            />
          ))}
        </div>
      )}
    </section>
  );
}
