// Server side of islands: renders the component in a marker element carrying its props, and
// records its name so the page includes that island's script. Pages without islands get none.
import type { ComponentType } from "preact";

let collector: Set<string> | null = null;

export function collectIslands<T>(
  render: () => T,
): { result: T; islands: string[] } {
  const prev = collector;
  collector = new Set();
  try {
    const result = render();
    return { result, islands: [...collector] };
  } finally {
    collector = prev;
  }
}

// deno-lint-ignore no-explicit-any
export function Island<P extends Record<string, any>>(
  { c, props }: { c: ComponentType<P>; props: P },
) {
  const name = c.name;
  collector?.add(name);
  const C = c as ComponentType<P>;
  return (
    <div
      data-island={name}
      data-props={JSON.stringify(props)}
      style="display:contents"
    >
      <C {...props} />
    </div>
  );
}
