// The canvas: the page as the published site shows it (each block's one render from blocks/),
// inside a device frame, with block tools, drag and keyboard reordering and in-place text.
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import type { Block } from "../../lib/blocks.ts";
import { blockSpec, BlockView } from "../../blocks/registry.ts";
import { type EditApi, EditContext } from "../../blocks/kit.tsx";
import { type Theme, themeDeclarations } from "../../blocks/theme.ts";
import type { Frame } from "./frame.ts";
import { useLabels } from "./labels.ts";

const focusBlock = (id: string) =>
  requestAnimationFrame(() =>
    (document.querySelector(`[data-block-id="${id}"]`) as HTMLElement | null)?.focus()
  );

/**
 * Bring a new block into the canvas's view (it may be added below the fold): its top at the top
 * of the area, as its images may still be loading and make it taller.
 */
export const revealBlock = (id: string) =>
  requestAnimationFrame(() => {
    const el = document.querySelector(`[data-block-id="${id}"]`);
    const area = el?.closest("[data-testid=canvas-area]");
    if (!el || !area) return;
    const r = el.getBoundingClientRect();
    const a = area.getBoundingClientRect();
    if (r.top < a.top || r.bottom > a.bottom) el.scrollIntoView({ block: "start" });
  });

export function Canvas(p: {
  blocks: Block[];
  theme: Theme;
  frame: Frame;
  /** Set here: the room the canvas area has for the device frame. */
  room: Signal<{ w: number; h: number } | null>;
  selected: Signal<string | null>;
  onSelect: (id: string) => void;
  onMove: (id: string, to: number) => void;
  onDuplicate: (id: string) => void;
  onRemove: (id: string) => string | null;
  onText: (id: string, key: string, value: string) => void;
  onTyping: (typing: boolean) => void;
}) {
  const l = useLabels();
  const t = l.t;
  const dragging = useRef<string | null>(null);
  const dropAt = useSignal<number | null>(null);
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      p.room.value = { w: Math.floor(width), h: Math.floor(height) };
    });
    observer.observe(area.current!);
    return () => observer.disconnect();
  }, []);
  const f = p.frame;
  const vars = themeDeclarations(p.theme);
  return (
    <div
      ref={area}
      class="min-w-0 flex-1 overflow-y-auto bg-slate-100 p-3 lg:p-6 [scrollbar-gutter:stable_both-edges]"
      data-testid="canvas-area"
    >
      {
        /* The device frame has the device's width (zoomed out to fit) and is centred; the page's
          own CSS (scoped to .lh-canvas) styles the canvas inside it. */
      }
      <div
        class="mx-auto flex flex-col shadow-lg"
        style={f.width ? `width:${f.width}px;zoom:${f.zoom};min-height:${f.minHeight}px` : ""}
        data-testid="device-frame"
      >
        <div
          class="lh-canvas flex-1"
          style={`${vars};container-type:inline-size`}
          data-testid="canvas"
        >
          {p.blocks.length === 0 && (
            <div class="p-16 text-center text-slate-500" style="font-family:system-ui">
              {t("editor.canvas.empty")}
            </div>
          )}
          {p.blocks.map((block, i) => (
            <div
              key={block.id}
              data-block-id={block.id}
              data-block-type={block.type}
              tabIndex={0}
              aria-label={t("editor.canvas.blockLabel", {
                block: l.block(block.type),
                position: i + 1,
                total: p.blocks.length,
              })}
              class={`group relative outline-none focus-visible:ring-4 focus-visible:ring-brand-500 focus-visible:ring-inset ${
                p.selected.value === block.id
                  ? "ring-2 ring-brand-500 ring-inset"
                  : "hover:ring-1 hover:ring-brand-300 hover:ring-inset"
              } ${dropAt.value === i ? "border-t-4 border-brand-500" : ""}`}
              onClick={() => p.onSelect(block.id)}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                // Only keys pressed on the block itself: typing in its text never gets here.
                if (e.altKey && e.key === "ArrowUp") {
                  e.preventDefault();
                  p.onMove(block.id, i - 1);
                  focusBlock(block.id);
                } else if (e.altKey && e.key === "ArrowDown") {
                  e.preventDefault();
                  p.onMove(block.id, i + 1);
                  focusBlock(block.id);
                } else if (
                  (e.key === "Delete" || e.key === "Backspace") &&
                  !(e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)
                ) {
                  e.preventDefault();
                  const next = p.onRemove(block.id);
                  if (next) focusBlock(next);
                } else if (e.key === "Enter") p.onSelect(block.id);
              }}
              onDragOver={(e) => {
                if (!dragging.current) return;
                e.preventDefault();
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                dropAt.value = e.clientY < r.top + r.height / 2 ? i : i + 1;
              }}
              onDrop={(e) => {
                e.preventDefault();
                const id = dragging.current;
                const at = dropAt.value;
                dragging.current = null;
                dropAt.value = null;
                if (!id || at === null) return;
                const from = p.blocks.findIndex((b) => b.id === id);
                p.onMove(id, at > from ? at - 1 : at);
              }}
            >
              <div
                class={`absolute right-2 top-2 z-10 gap-1 rounded-md bg-white/95 p-1 text-xs shadow ${
                  p.selected.value === block.id
                    ? "flex"
                    : "hidden group-hover:flex group-focus-within:flex"
                }`}
                // The block's tools keep their size when the frame is shown smaller.
                style={`font-family:system-ui;zoom:${1 / f.zoom}`}
              >
                <span
                  draggable
                  data-drag-handle
                  title={t("editor.canvas.drag")}
                  class="cursor-grab px-1.5 py-0.5 text-slate-500"
                  onDragStart={(e) => {
                    dragging.current = block.id;
                    e.dataTransfer?.setData("text/plain", block.id);
                  }}
                  onDragEnd={() => {
                    dragging.current = null;
                    dropAt.value = null;
                  }}
                >
                  ⠿
                </span>
                {([
                  ["up", t("editor.canvas.up"), "↑", () => p.onMove(block.id, i - 1)],
                  ["down", t("editor.canvas.down"), "↓", () => p.onMove(block.id, i + 1)],
                  ["duplicate", t("editor.canvas.duplicate"), "⧉", () => p.onDuplicate(block.id)],
                  ["delete", t("editor.canvas.delete"), "✕", () => p.onRemove(block.id)],
                ] as const).map(([action, label, icon, run]) => (
                  <button
                    key={action}
                    type="button"
                    class={`px-1.5 py-0.5 ${
                      action === "delete" ? "text-red-600 hover:bg-red-50" : "hover:bg-slate-100"
                    }`}
                    title={label}
                    aria-label={label}
                    data-action={action}
                    onClick={(e) => (e.stopPropagation(), run())}
                  >
                    {icon}
                  </button>
                ))}
              </div>
              <CanvasBlock
                block={block}
                onText={(key, value) => p.onText(block.id, key, value)}
                onTyping={p.onTyping}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * One block on the canvas: its site render, with in-place editing of the fields its blocks/ file
 * declares `inline`. Links and forms inside must not navigate away from the editor.
 */
function CanvasBlock(
  p: {
    block: Block;
    onText: (key: string, value: string) => void;
    onTyping: (typing: boolean) => void;
  },
) {
  const { block } = p;
  const l = useLabels();
  const edit = useMemo<EditApi>(() => {
    const inline = new Set(blockSpec(block.type).fields.filter((f) => f.inline).map((f) => f.key));
    return {
      inline: (field) => inline.has(field),
      onText: (field, value) => p.onText(field, value),
      onTyping: p.onTyping,
      placeholder: (field, english) => l.field(block.type, field, english),
    };
  }, [block.type, block.id]);
  return (
    <div
      onClickCapture={(e) => (e.target as HTMLElement).closest("a,button") && e.preventDefault()}
      onSubmitCapture={(e) => e.preventDefault()}
    >
      <EditContext.Provider value={edit}>
        <BlockView block={block} />
      </EditContext.Provider>
    </div>
  );
}
