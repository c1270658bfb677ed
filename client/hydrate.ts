// Browser side of islands: find each server-rendered island and hydrate it with its props.
import { type ComponentType, h, hydrate } from "preact";

// deno-lint-ignore no-explicit-any
export function boot(name: string, component: ComponentType<any>) {
  for (
    const el of document.querySelectorAll<HTMLElement>(
      `[data-island="${name}"]`,
    )
  ) {
    const props = JSON.parse(el.dataset.props || "{}");
    hydrate(h(component, props), el);
  }
}
