// The page editor island: block library, canvas, settings panels and toolbar around the
// document store (islands/editor/store.ts), which owns state, undo/redo, autosave and conflicts.
import { useComputed, useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { BlockType } from "../lib/blocks.ts";
import { newBlock } from "../blocks/registry.ts";
import { type EditorPage, pagesApi } from "./editor/api.ts";
import { createStore } from "./editor/store.ts";
import { type Device, frameSize } from "./editor/frame.ts";
import { Toolbar } from "./editor/Toolbar.tsx";
import { Library } from "./editor/Library.tsx";
import { Canvas, revealBlock } from "./editor/Canvas.tsx";
import { BlockPanel } from "./editor/panels/fields.tsx";
import { ThemePanel } from "./editor/panels/ThemePanel.tsx";
import { PagePanel } from "./editor/panels/PagePanel.tsx";
import { HistoryPanel } from "./editor/panels/HistoryPanel.tsx";
import { AuditPanel } from "./editor/panels/AuditPanel.tsx";
import { auditPage } from "../lib/a11y/audit.ts";
import { useLocale } from "../lib/i18n/locale-context.ts";
import { useLabels } from "./editor/labels.ts";

export type { EditorPage } from "./editor/api.ts";

export default function PageEditor(props: { page: EditorPage }) {
  const { t } = useLabels();
  const locale = useLocale();
  const store = useMemo(() => createStore(props.page, { api: pagesApi, t }), []);
  const selected = useSignal<string | null>(props.page.content.blocks[0]?.id ?? null);
  const device = useSignal<Device>("desktop");
  const room = useSignal<{ w: number; h: number } | null>(null);
  const frame = useComputed(() => frameSize(device.value, room.value));
  const tab = useSignal<"block" | "theme" | "page" | "history" | "checks">("block");
  const findings = useComputed(() => auditPage(store.doc.value.content, store.doc.value.seo));
  const publishedWithWarnings = useSignal(false);
  const leaving = useSignal(false);
  const doc = store.doc.value;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      const typing = el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "z" && !typing) {
        e.preventDefault();
        e.shiftKey ? store.redo() : store.undo();
      } else if (mod && e.key.toLowerCase() === "y" && !typing) {
        e.preventDefault();
        store.redo();
      } else if (mod && e.key.toLowerCase() === "s") {
        e.preventDefault();
        store.flush();
      }
    };
    // Anything not on the server (waiting, saving, refused, in conflict, or text still being
    // typed on the canvas) is lost on leaving by the address bar or closing the tab.
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (store.hasUnsaved.value && !leaving.value) e.preventDefault();
    };
    addEventListener("keydown", onKey);
    addEventListener("beforeunload", beforeUnload);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("beforeunload", beforeUnload);
      store.dispose();
    };
  }, []);

  // A restored or reloaded version may not have the selected block any more.
  useEffect(() => {
    if (!doc.content.blocks.some((b) => b.id === selected.value)) {
      selected.value = doc.content.blocks[0]?.id ?? null;
    }
  }, [doc]);

  /** Leave through an in-app link: save first; if that is not possible, ask. */
  async function leave(href: string) {
    if (
      !(await store.flush()) &&
      !confirm(t("editor.leaveConfirm", { reason: store.unsaved() }))
    ) return;
    leaving.value = true;
    location.href = href;
  }

  const restore = (revisionId: string) => store.restore(revisionId);
  const blocks = doc.content.blocks;
  const selectedBlock = blocks.find((b) => b.id === selected.value) ?? null;

  function insert(type: BlockType) {
    const block = newBlock(type, { origin: location.origin });
    store.insertBlock(block, selectedBlock?.id ?? null);
    selected.value = block.id;
    tab.value = "block";
    revealBlock(block.id);
  }
  /** Delete a block; the next block (or the previous) becomes the selection. */
  function remove(id: string): string | null {
    return selected.value = store.removeBlock(id);
  }

  return (
    <div class="flex h-dvh flex-col bg-slate-50 text-slate-900">
      <Toolbar
        notLive={store.notLive.value}
        name={doc.name}
        state={store.state}
        message={store.message}
        status={store.status.value}
        url={store.url.value}
        device={device}
        frame={frame.value}
        canUndo={store.past.value.length > 0}
        canRedo={store.future.value.length > 0}
        onUndo={store.undo}
        onRedo={store.redo}
        onPublish={async (on) => {
          await store.publish(on);
          // Published with warnings: they are listed (publishing is not held back by them).
          publishedWithWarnings.value = on && store.status.value === "published" &&
            findings.value.length > 0;
          if (publishedWithWarnings.value) tab.value = "checks";
        }}
        onLeave={leave}
        pageId={props.page.id}
      />
      {store.state.value === "conflict" && (
        <div
          role="alert"
          data-testid="conflict"
          class="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          <strong>{t("editor.conflict.title")}</strong> {t("editor.conflict.text")}
          <button
            type="button"
            class="btn btn-secondary !py-1"
            data-testid="load-latest"
            onClick={() => store.resolveConflict(false)}
          >
            {t("editor.conflict.loadLatest")}
          </button>
          <button
            type="button"
            class="btn btn-secondary !py-1"
            data-testid="keep-mine"
            onClick={() => store.resolveConflict(true)}
          >
            {t("editor.conflict.keepMine")}
          </button>
        </div>
      )}
      <div class="flex min-h-0 flex-1">
        <Library onAdd={insert} />
        <Canvas
          blocks={blocks}
          theme={doc.content.theme}
          frame={frame.value}
          room={room}
          selected={selected}
          onSelect={(id) => {
            selected.value = id;
            tab.value = "block";
          }}
          onMove={store.moveBlock}
          onDuplicate={(id) => (selected.value = store.duplicateBlock(id) ?? selected.value)}
          onRemove={remove}
          onText={(id, key, value) => store.setProps(id, { [key]: value }, `${id}.${key}`)}
          onTyping={store.setTyping}
        />
        <aside
          class="w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white lg:w-80"
          aria-label={t("editor.settings")}
        >
          <div class="flex border-b border-slate-200 text-sm" role="tablist">
            {(["block", "theme", "page", "history", "checks"] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={tab.value === name}
                // English tab names are lower case, capitalised by CSS; others as written.
                class={`flex-1 px-2 py-2 ${locale === "en" ? "capitalize" : ""} ${
                  tab.value === name
                    ? "border-b-2 border-brand-600 font-medium text-brand-700"
                    : "text-slate-500"
                }`}
                onClick={() => (tab.value = name)}
                data-testid={`tab-${name}`}
              >
                {t(`editor.tab.${name}`)}
                {name === "checks" && findings.value.length > 0 && (
                  <span class="ml-1 rounded-full bg-amber-100 px-1.5 text-xs text-amber-900">
                    {findings.value.length}
                    <span class="sr-only">{t("editor.tab.problems")}</span>
                  </span>
                )}
              </button>
            ))}
          </div>
          <div class="p-4">
            {tab.value === "block" && (selectedBlock
              ? (
                <BlockPanel
                  block={selectedBlock}
                  onChange={(patch, key) => store.setProps(selectedBlock.id, patch, key)}
                />
              )
              : <p class="text-sm text-slate-500">{t("editor.noSelection")}</p>)}
            {tab.value === "theme" && (
              <ThemePanel
                theme={doc.content.theme}
                onChange={(theme, key) => store.setContent({ ...doc.content, theme }, key)}
              />
            )}
            {tab.value === "page" && (
              <PagePanel doc={doc} errors={store.fieldErrors.value} onChange={store.change} />
            )}
            {tab.value === "checks" && (
              <AuditPanel
                findings={findings.value}
                publishedWithWarnings={publishedWithWarnings.value}
                onJump={(id) => {
                  selected.value = id;
                  tab.value = "block";
                  revealBlock(id);
                }}
                onPage={(to) => (tab.value = to)}
              />
            )}
            {tab.value === "history" && (
              <HistoryPanel
                pageId={props.page.id}
                version={store.version}
                published={store.status.value === "published"}
                onRestore={restore}
              />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
