// An experiment's live results: each variant's visitors, conversions, conversion rate with its
// 95% credible interval and probability to be best, and how much more traffic a sound call needs.
// The experiment's event stream says when figures changed; the island then reads them again.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatNumber, formatPercent } from "./chat/intl.ts";
import { areaT, useAreaT } from "../lib/i18n/area.ts";
import { chat } from "../lib/i18n/areas/chat.ts";
import type { Locale } from "../lib/i18n/index.ts";
import { useLocale } from "../lib/i18n/locale-context.ts";

export interface ResultsVariant {
  id: string;
  name: string;
  weight: number;
  visitors: number;
  conversions: number;
  conversionRate: number;
  credibleInterval: [number, number];
  probabilityToBeBest: number;
}

export interface ResultsView {
  id: string;
  mode: "split" | "bandit";
  status: "draft" | "running" | "stopped" | "promoted";
  variants: ResultsVariant[];
  winner: string | null;
  visitorsNeeded: number;
}

const STATUS = {
  draft: "chat.exp.status.draft",
  running: "chat.exp.status.running",
  stopped: "chat.exp.status.stopped",
  promoted: "chat.exp.status.promoted",
} as const;

/** What the figures say so far, in `locale`. */
export function verdict(view: ResultsView, locale: Locale = "en"): string {
  const t = areaT(chat, locale);
  const winner = view.variants.find((v) => v.id === view.winner);
  if (view.status === "promoted") {
    return t("chat.exp.promoted", { name: winner?.name ?? t("chat.exp.aVariant") });
  }
  if (winner) {
    return t("chat.exp.isBest", {
      name: winner.name,
      pct: formatPercent(winner.probabilityToBeBest, locale, 0),
    });
  }
  if (view.variants.every((v) => v.visitors === 0)) {
    return t(view.status === "running" ? "chat.exp.waitingFirst" : "chat.exp.startIt");
  }
  return t("chat.exp.tooEarly", { count: view.visitorsNeeded });
}

export default function ExperimentResults(
  props: { pageId: string; experimentId: string; initial: ResultsView },
) {
  const t = useAreaT(chat);
  const locale = useLocale();
  const pct = (x: number, digits = 1) => formatPercent(x, locale, digits);
  const view = useSignal(props.initial);
  const live = useSignal(false);
  useEffect(() => {
    const base = `/api/pages/${props.pageId}/experiments/${props.experimentId}`;
    let reading = false;
    const reload = async () => {
      if (reading) return;
      reading = true;
      try {
        const res = await fetch(base, { credentials: "same-origin" });
        if (res.ok) view.value = (await res.json()).experiment;
      } finally {
        reading = false;
      }
    };
    const source = new EventSource(`${base}/events`);
    source.onopen = () => (live.value = true);
    source.onerror = () => (live.value = false);
    source.addEventListener("results", reload);
    source.addEventListener("experiment", reload);
    return () => source.close();
  }, []);
  const v = view.value;
  return (
    <section class="space-y-3" data-testid="experiment-results">
      <p class="flex items-center gap-2 text-xs text-slate-500">
        <span
          class={`inline-block h-2 w-2 rounded-full ${
            live.value ? "bg-emerald-500" : "bg-slate-300"
          }`}
        />
        {t(live.value ? "chat.live" : "chat.connecting")} · {t("chat.exp.status")}{" "}
        <strong data-testid="experiment-status" data-status={v.status}>
          {STATUS[v.status] ? t(STATUS[v.status]) : v.status}
        </strong>{" "}
        · {t(v.mode === "bandit" ? "chat.exp.bandit" : "chat.exp.split")}
      </p>
      <div class="card overflow-x-auto">
        <table class="w-full text-sm">
          <thead class="bg-slate-50 text-left text-slate-500">
            <tr>
              <th class="px-4 py-2 font-medium">{t("chat.exp.variant")}</th>
              <th class="px-4 py-2 text-right font-medium">{t("chat.exp.weight")}</th>
              <th class="px-4 py-2 text-right font-medium">{t("chat.exp.visitors")}</th>
              <th class="px-4 py-2 text-right font-medium">{t("chat.exp.conversions")}</th>
              <th class="px-4 py-2 text-right font-medium">{t("chat.exp.rate")}</th>
              <th class="px-4 py-2 font-medium">{t("chat.exp.best")}</th>
            </tr>
          </thead>
          <tbody>
            {v.variants.map((r) => (
              <tr key={r.id} class="border-t border-slate-100" data-variant={r.id}>
                <td class="px-4 py-2 font-medium">
                  {r.name}
                  {v.winner === r.id && (
                    <span class="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">
                      {t("chat.exp.winner")}
                    </span>
                  )}
                </td>
                <td class="px-4 py-2 text-right tabular-nums">{formatNumber(r.weight, locale)}</td>
                <td class="px-4 py-2 text-right tabular-nums" data-stat="visitors">
                  {formatNumber(r.visitors, locale)}
                </td>
                <td class="px-4 py-2 text-right tabular-nums" data-stat="conversions">
                  {formatNumber(r.conversions, locale)}
                </td>
                <td class="px-4 py-2 text-right tabular-nums">
                  {pct(r.conversionRate)}{" "}
                  <span class="text-slate-400">
                    ({pct(r.credibleInterval[0])}–{pct(r.credibleInterval[1])})
                  </span>
                </td>
                <td class="px-4 py-2">
                  <div class="flex items-center gap-2">
                    <div class="h-2 w-32 rounded bg-slate-100">
                      <div
                        class="h-2 rounded bg-brand-600"
                        style={{ width: `${(r.probabilityToBeBest * 100).toFixed(1)}%` }}
                      />
                    </div>
                    <span class="tabular-nums">{pct(r.probabilityToBeBest, 0)}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="text-sm text-slate-600" data-testid="experiment-verdict">{verdict(v, locale)}</p>
    </section>
  );
}
