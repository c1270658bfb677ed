// A tiny island used on the home page to show that hydration works.
import { useSignal } from "@preact/signals";

export default function Counter(props: { start: number; label: string }) {
  const count = useSignal(props.start);
  return (
    <div class="flex items-center gap-3">
      <button
        type="button"
        class="btn btn-secondary"
        onClick={() => count.value--}
      >
        −
      </button>
      <span
        data-testid="counter-value"
        class="min-w-8 text-center text-lg font-semibold"
      >
        {count}
      </span>
      <button
        type="button"
        class="btn btn-secondary"
        onClick={() => count.value++}
      >
        +
      </button>
      <span class="text-sm text-slate-500">{props.label}</span>
    </div>
  );
}
