// Figures that update live from a server-sent event stream (the admin dashboard's `stats`).
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

export interface StatTile {
  key: string;
  label: string;
  money?: boolean;
}

export default function LiveStats(
  props: {
    src: string;
    event: string;
    tiles: StatTile[];
    initial: Record<string, number | string>;
  },
) {
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
  const fmt = (n: number, money?: boolean) =>
    money
      ? new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n / 100)
      : n.toLocaleString("en-US");
  return (
    <section class="space-y-2">
      <p class="flex items-center gap-2 text-xs text-slate-500">
        <span
          class={`inline-block h-2 w-2 rounded-full ${
            live.value ? "bg-emerald-500" : "bg-slate-300"
          }`}
        />
        {live.value ? "Live" : "Connecting…"}
      </p>
      <div class="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-5">
        {props.tiles.map((t) => (
          <div key={t.key} class="card p-4">
            <p class="text-sm text-slate-500">{t.label}</p>
            <p class="text-2xl font-semibold" data-stat={t.key}>
              {fmt(Number(values.value[t.key] ?? 0), t.money)}
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}
