// Server side of islands: renders the component in a marker element carrying its props, and
// records its name so the page includes that island's script. Pages without islands get none.
// An island marked `hydrate="interaction"` loads its script only when the visitor reaches for it
// (see LAZY_ISLANDS_SCRIPT in components/render.tsx): its server-rendered markup is what shows.
import type { ComponentType } from "preact";
import { assets } from "../lib/assets/index.ts";

/** Per island on the page: whether it hydrates on load (true) or on first interaction. */
let collector: Map<string, boolean> | null = null;

export function collectIslands<T>(
  render: () => T,
): { result: T; islands: string[]; eager: string[] } {
  const prev = collector;
  collector = new Map();
  try {
    const result = render();
    const eager = [...collector].filter(([, onLoad]) => onLoad).map(([name]) => name);
    return { result, islands: [...collector.keys()], eager };
  } finally {
    collector = prev;
  }
}

// deno-lint-ignore no-explicit-any
export function Island<P extends Record<string, any>>(
  { c, props, hydrate = "load" }: {
    c: ComponentType<P>;
    props: P;
    /** "interaction": load the script on the first pointer, focus or click inside. */
    hydrate?: "load" | "interaction";
  },
) {
  const name = c.name;
  const lazy = hydrate === "interaction";
  collector?.set(name, (collector.get(name) ?? false) || !lazy);
  const C = c as ComponentType<P>;
  return (
    <div
      data-island={name}
      data-props={JSON.stringify(props)}
      data-hydrate={lazy ? "interaction" : undefined}
      data-src={lazy ? assets().islands[name] : undefined}
      style="display:contents"
    >
      <C {...props} />
    </div>
  );
}
