// The block library: every registered block type (blocks/registry.ts), by category.
import type { BlockType } from "../../lib/blocks.ts";
import { BLOCK_TYPES, blockSpec, CATEGORIES } from "../../blocks/registry.ts";
import { orEnglish, useLabels } from "./labels.ts";

export function Library(p: { onAdd: (type: BlockType) => void }) {
  const l = useLabels();
  const t = l.t;
  // On a tablet (below 1024 px) the library shows icons only, leaving the canvas room.
  return (
    <aside
      class="w-14 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-2 lg:w-44 lg:p-3"
      aria-label={t("editor.library.label")}
    >
      <h2 class="sr-only text-xs font-semibold uppercase tracking-wide text-slate-500 lg:not-sr-only lg:mb-2 lg:block">
        {t("editor.library.title")}
      </h2>
      {Object.entries(CATEGORIES).map(([category, english]) => {
        const title = orEnglish(t, `editor.category.${category}`, english);
        return (
          <div key={category} class="mb-2 grid gap-1" role="group" aria-label={title}>
            <h3 class="sr-only text-[11px] text-slate-500 lg:not-sr-only lg:px-2">{title}</h3>
            {BLOCK_TYPES.filter((t) => blockSpec(t).category === category).map((type) => (
              <button
                key={type}
                type="button"
                data-add={type}
                title={t("editor.library.add", { block: l.block(type) })}
                class="flex items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-brand-50"
                onClick={() => p.onAdd(type)}
              >
                <span class="w-6 text-center text-slate-400" aria-hidden="true">
                  {blockSpec(type).icon}
                </span>
                <span class="sr-only lg:not-sr-only">{l.block(type)}</span>
              </button>
            ))}
          </div>
        );
      })}
    </aside>
  );
}
