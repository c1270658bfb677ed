// An experiment's live results: each variant's visitors, conversions, conversion rate with its
// 95% credible interval and probability to be best, and how much more traffic a sound call needs.
// The experiment's event stream says when figures changed; the island then reads them again.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

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

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

export function verdict(view: ResultsView): string {
  const winner = view.variants.find((v) => v.id === view.winner);
  if (view.status === "promoted") return `${winner?.name ?? "A variant"} was promoted.`;
  if (winner) {
    return `${winner.name} is best with ${
      pct(winner.probabilityToBeBest, 0)
    } probability: enough evidence to promote it.`;
  }
  if (view.variants.every((v) => v.visitors === 0)) {
    return view.status === "running"
      ? "Waiting for the first visitors."
      : "Start the experiment to send visitors to its variants.";
  }
  return `Too early to call: about ${view.visitorsNeeded.toLocaleString("en")} more visitors ` +
    `per variant are needed before the result is sound (95% probability to be best).`;
}

export default function ExperimentResults(
  props: { pageId: string; experimentId: string; initial: ResultsView },
) {
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
        {live.value ? "Live" : "Connecting…"} · status{" "}
        <strong data-testid="experiment-status">{v.status}</strong> ·{" "}
        {v.mode === "bandit" ? "traffic follows the results (bandit)" : "fixed split"}
      </p>
      <div class="card overflow-x-auto">
        <table class="w-full text-sm">
          <thead class="bg-slate-50 text-left text-slate-500">
            <tr>
              <th class="px-4 py-2 font-medium">Variant</th>
              <th class="px-4 py-2 text-right font-medium">Weight</th>
              <th class="px-4 py-2 text-right font-medium">Visitors</th>
              <th class="px-4 py-2 text-right font-medium">Conversions</th>
              <th class="px-4 py-2 text-right font-medium">Rate (95% interval)</th>
              <th class="px-4 py-2 font-medium">Probability to be best</th>
            </tr>
          </thead>
          <tbody>
            {v.variants.map((r) => (
              <tr key={r.id} class="border-t border-slate-100" data-variant={r.id}>
                <td class="px-4 py-2 font-medium">
                  {r.name}
                  {v.winner === r.id && (
                    <span class="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">
                      winner
                    </span>
                  )}
                </td>
                <td class="px-4 py-2 text-right tabular-nums">{r.weight}</td>
                <td class="px-4 py-2 text-right tabular-nums" data-stat="visitors">
                  {r.visitors}
                </td>
                <td class="px-4 py-2 text-right tabular-nums" data-stat="conversions">
                  {r.conversions}
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
                        style={{ width: pct(r.probabilityToBeBest) }}
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
      <p class="text-sm text-slate-600" data-testid="experiment-verdict">{verdict(v)}</p>
    </section>
  );
}
