// A published page's analytics: visitors, views, leads and conversion by day for 7/30/90 days or
// a custom range, top sources and campaigns, the device split and a CSV of the days. The figures
// follow the page's analytics stream: each event (a flush that counted visits, a new lead) makes
// the island fetch its range again, so the charts grow while the page is open.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AnalyticsReport } from "../lib/analytics/report.ts";
import { formatNumber, formatPercent } from "./chat/intl.ts";
import { type AreaTranslate, useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";
import { INTL_TAG } from "../lib/i18n/fill.ts";
import type { Locale } from "../lib/i18n/index.ts";
import { useLocale } from "../lib/i18n/locale-context.ts";

type Preset = "7" | "30" | "90" | "custom";
type Metric = "visitors" | "views" | "leads";

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysBack = (n: number) => new Date(Date.now() - (n - 1) * DAY_MS).toISOString().slice(0, 10);
type ChatT = AreaTranslate<typeof chat.en>;

/** A UTC day ("2026-11-29") as the reader writes it: English keeps the ISO day it always showed. */
function dayLabel(day: string | undefined, locale: Locale): string {
  if (!day || locale === "en") return day ?? "";
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(INTL_TAG[locale], {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

const DEVICES: Record<string, keyof typeof chat.en> = {
  desktop: "chat.analytics.device.desktop",
  mobile: "chat.analytics.device.mobile",
  tablet: "chat.analytics.device.tablet",
};
/** The sources the server names itself ("direct", "(other)") in the reader's words. */
const sourceLabel = (t: ChatT, source: string) =>
  source === "direct"
    ? t("chat.analytics.direct")
    : source === "(other)"
    ? t("chat.analytics.other")
    : source;
const deviceLabel = (t: ChatT, device: string) => DEVICES[device] ? t(DEVICES[device]) : device;

function DayBars({ title, metric, days }: {
  title: string;
  metric: Metric;
  days: AnalyticsReport["days"];
}) {
  const t = useAreaT(chat);
  const locale = useLocale();
  const max = Math.max(1, ...days.map((d) => d[metric]));
  const total = days.reduce((s, d) => s + d[metric], 0);
  const w = 300;
  const h = 80;
  const bar = w / Math.max(1, days.length);
  return (
    <figure class="card p-4" data-testid={`analytics-chart-${metric}`}>
      <figcaption class="mb-2 flex justify-between text-sm">
        <span class="font-medium">{title}</span>
        <span class="text-slate-500" data-total={metric}>{formatNumber(total, locale)}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h + 1}`}
        class="h-auto w-full"
        role="img"
        aria-label={t("chat.analytics.perDay", { title })}
      >
        {days.map((d, i) => {
          const bh = Math.round((d[metric] / max) * h);
          return (
            <rect
              key={d.date}
              x={i * bar + (bar > 3 ? 0.5 : 0)}
              y={h - bh}
              width={Math.max(bar - (bar > 3 ? 1 : 0), 0.5)}
              height={Math.max(bh, d[metric] > 0 ? 1 : 0)}
              class="fill-brand-500"
              data-day={d.date}
              data-value={d[metric]}
            >
              <title>{`${dayLabel(d.date, locale)}: ${formatNumber(d[metric], locale)}`}</title>
            </rect>
          );
        })}
        <line x1="0" x2={w} y1={h} y2={h} class="stroke-slate-200" />
      </svg>
      <div class="mt-1 flex justify-between text-xs text-slate-600">
        <span>{dayLabel(days[0]?.date, locale)}</span>
        <span>{dayLabel(days.at(-1)?.date, locale)}</span>
      </div>
    </figure>
  );
}

function Ranked({ title, testid, rows }: {
  title: string;
  testid: string;
  rows: { label: string; visitors: number; leads: number }[];
}) {
  const t = useAreaT(chat);
  const locale = useLocale();
  return (
    <div class="card overflow-x-auto" data-testid={testid}>
      <table class="w-full text-sm">
        <thead class="bg-slate-50 text-left text-slate-500">
          <tr>
            <th class="px-4 py-2 font-medium">{title}</th>
            <th class="px-4 py-2 text-right font-medium">{t("chat.analytics.visitors")}</th>
            <th class="px-4 py-2 text-right font-medium">{t("chat.analytics.leads")}</th>
            <th class="px-4 py-2 text-right font-medium">{t("chat.analytics.conversion")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td class="px-4 py-3 text-slate-500" colSpan={4}>{t("chat.analytics.empty")}</td>
            </tr>
          )}
          {rows.slice(0, 10).map((r) => (
            <tr key={r.label} class="border-t border-slate-100">
              <td class="px-4 py-2">{r.label}</td>
              <td class="px-4 py-2 text-right tabular-nums">
                {formatNumber(r.visitors, locale)}
              </td>
              <td class="px-4 py-2 text-right tabular-nums">{formatNumber(r.leads, locale)}</td>
              <td class="px-4 py-2 text-right tabular-nums">
                {r.visitors ? formatPercent(r.leads / r.visitors, locale) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AnalyticsView(
  props: { pageId: string; initial: AnalyticsReport },
) {
  const t = useAreaT(chat);
  const locale = useLocale();
  const pct = (rate: number) => formatPercent(rate, locale);
  const count = (n: number) => formatNumber(n, locale);
  const report = useSignal(props.initial);
  const preset = useSignal<Preset>("30");
  const from = useSignal(props.initial.from);
  const to = useSignal(props.initial.to);
  const live = useSignal(false);
  const error = useSignal("");
  const range = useRef({ from: props.initial.from, to: props.initial.to });
  const api = `/api/pages/${props.pageId}/analytics`;

  const load = async () => {
    const { from, to } = range.current;
    const res = await fetch(`${api}?from=${from}&to=${to}`);
    const body = await res.json();
    if (!res.ok) {
      error.value = body?.error?.message ?? t("chat.analytics.loadFailed");
      return;
    }
    // A slower answer for an older range must not overwrite the current one.
    if (range.current.from === from && range.current.to === to) {
      error.value = "";
      report.value = body;
    }
  };

  const choose = (p: Preset) => {
    preset.value = p;
    if (p === "custom") return;
    range.current = { from: daysBack(Number(p)), to: today() };
    from.value = range.current.from;
    to.value = range.current.to;
    load();
  };

  useEffect(() => {
    const source = new EventSource(`${api}/events`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => (live.value = true);
    source.onerror = () => (live.value = false);
    source.addEventListener("analytics", () => {
      // Only a range that reaches today can change; bursts of events make one fetch.
      if (range.current.to < today()) return;
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);

  const r = report.value;
  const devicesTotal = r.devices.reduce((s, d) => s + d.visitors, 0);
  const csv = `${api}.csv?from=${r.from}&to=${r.to}`;
  return (
    <section class="space-y-6" data-testid="analytics">
      <div class="flex flex-wrap items-end gap-3">
        <div class="flex gap-1" role="group" aria-label={t("chat.analytics.range")}>
          {(["7", "30", "90", "custom"] as Preset[]).map((p) => (
            <button
              key={p}
              type="button"
              class={`btn ${preset.value === p ? "btn-primary" : "btn-secondary"} !py-1`}
              aria-pressed={preset.value === p}
              data-range={p}
              onClick={() => choose(p)}
            >
              {p === "custom"
                ? t("chat.analytics.custom")
                : t("chat.analytics.days", { count: Number(p) })}
            </button>
          ))}
        </div>
        {preset.value === "custom" && (
          <form
            class="flex flex-wrap items-end gap-2"
            data-testid="custom-range"
            onSubmit={(e) => {
              e.preventDefault();
              range.current = { from: from.value, to: to.value };
              load();
            }}
          >
            <label class="text-sm">
              {t("chat.analytics.from")}{" "}
              <input
                class="input !py-1"
                type="date"
                name="from"
                value={from.value}
                onInput={(e) => (from.value = e.currentTarget.value)}
              />
            </label>
            <label class="text-sm">
              {t("chat.analytics.to")}{" "}
              <input
                class="input !py-1"
                type="date"
                name="to"
                value={to.value}
                onInput={(e) => (to.value = e.currentTarget.value)}
              />
            </label>
            <button class="btn btn-secondary !py-1" type="submit">
              {t("chat.analytics.show")}
            </button>
          </form>
        )}
        <a class="btn btn-secondary !py-1 ml-auto" href={csv} data-testid="analytics-csv">
          {t("chat.analytics.csv")}
        </a>
        <span class="flex items-center gap-2 text-xs text-slate-500">
          <span
            class={`inline-block h-2 w-2 rounded-full ${
              live.value ? "bg-emerald-500" : "bg-slate-300"
            }`}
          />
          {t(live.value ? "chat.live" : "chat.connecting")}
        </span>
      </div>
      {error.value && <p class="text-sm text-red-700" role="alert">{error.value}</p>}
      <p class="text-sm text-slate-500" data-testid="analytics-range">
        {t("chat.analytics.rangeUtc", {
          from: dayLabel(r.from, locale),
          to: dayLabel(r.to, locale),
        })}
      </p>
      <div class="grid grid-cols-2 gap-4 md:grid-cols-4">
        {[
          ["visitors", t("chat.analytics.visitors"), count(r.totals.visitors)],
          ["views", t("chat.analytics.views"), count(r.totals.views)],
          ["leads", t("chat.analytics.leads"), count(r.totals.leads)],
          ["conversionRate", t("chat.analytics.conversionRate"), pct(r.totals.conversionRate)],
        ].map(([key, label, value]) => (
          <div key={key} class="card p-4">
            <p class="text-sm text-slate-500">{label}</p>
            <p class="text-2xl font-semibold" data-stat={key}>{value}</p>
          </div>
        ))}
      </div>
      <div class="grid gap-4 md:grid-cols-3">
        <DayBars title={t("chat.analytics.visitors")} metric="visitors" days={r.days} />
        <DayBars title={t("chat.analytics.views")} metric="views" days={r.days} />
        <DayBars title={t("chat.analytics.leads")} metric="leads" days={r.days} />
      </div>
      <div class="grid gap-4 lg:grid-cols-2">
        <Ranked
          title={t("chat.analytics.source")}
          testid="analytics-sources"
          rows={r.sources.map((s) => ({
            label: sourceLabel(t, s.source),
            visitors: s.visitors,
            leads: s.leads,
          }))}
        />
        <Ranked
          title={t("chat.analytics.campaign")}
          testid="analytics-campaigns"
          rows={r.campaigns.map((s) => ({
            label: s.utmCampaign === "(other)" ? t("chat.analytics.other") : s.utmCampaign,
            visitors: s.visitors,
            leads: s.leads,
          }))}
        />
      </div>
      <div class="card space-y-2 p-4" data-testid="analytics-devices">
        <p class="font-medium">{t("chat.analytics.devices")}</p>
        {r.devices.map((d) => {
          const share = devicesTotal ? d.visitors / devicesTotal : 0;
          return (
            <div key={d.device} class="flex items-center gap-3 text-sm" data-device={d.device}>
              <span class={`w-20 ${locale === "en" ? "capitalize" : ""}`}>
                {deviceLabel(t, d.device)}
              </span>
              <span class="h-2 flex-1 rounded bg-slate-100">
                <span
                  class="block h-2 rounded bg-brand-500"
                  style={{ width: `${Math.round(share * 100)}%` }}
                />
              </span>
              <span class="w-24 text-right tabular-nums">
                {count(d.visitors)} · {pct(share)}
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}
