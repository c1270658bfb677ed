// The editor's top bar: back to the pages, save state, undo/redo, device widths, publishing.
import { type Signal, useComputed } from "@preact/signals";
import { type Device, DEVICES, type Frame } from "./frame.ts";
import type { SaveState } from "./store.ts";
import { useLocale } from "../../lib/i18n/locale-context.ts";
import { useLabels } from "./labels.ts";

export function Toolbar(p: {
  name: string;
  state: Signal<SaveState>;
  message: Signal<string>;
  status: string;
  url: string | null;
  /** Published, with edits since that are not live yet. */
  notLive: boolean;
  device: Signal<Device>;
  frame: Frame;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onPublish: (on: boolean) => void;
  onLeave: (href: string) => void;
  pageId: string;
}) {
  const { t } = useLabels();
  // English names devices in lower case and capitalises them with CSS; other languages as written.
  const capitalize = useLocale() === "en" ? "capitalize" : "";
  const label = useComputed(() => t(`editor.state.${p.state.value}`));
  const published = p.status === "published";
  // One row from 1280 px: the page name and the last message shorten (their full text in a
  // tooltip) rather than push the tools onto a second row; the live address is in a tooltip.
  return (
    <div
      class="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2"
      data-testid="toolbar"
    >
      <div class="flex min-w-0 flex-1 items-center gap-3">
        <a
          href="/dashboard"
          class="shrink-0 text-sm text-slate-500 hover:text-slate-800"
          data-testid="leave"
          onClick={(e) => {
            if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            p.onLeave("/dashboard");
          }}
        >
          {t("editor.toolbar.back")}
        </a>
        <h1 class="min-w-[4rem] max-w-[16rem] truncate font-semibold" title={p.name}>{p.name}</h1>
        <span
          data-testid="save-state"
          data-state={p.state.value}
          aria-live="polite"
          title={p.state.value === "saved" ? t("editor.state.allSaved") : undefined}
          class={`badge shrink-0 ${
            p.state.value === "saved"
              ? "bg-emerald-100 text-emerald-800"
              : p.state.value === "conflict" || p.state.value === "error"
              ? "bg-red-100 text-red-800"
              : "bg-slate-100 text-slate-700"
          }`}
        >
          {label}
        </span>
        {p.message.value && (
          <span
            class="min-w-0 truncate text-sm text-slate-600"
            role="status"
            title={p.message.value}
          >
            {p.message.value}
          </span>
        )}
      </div>
      <div class="flex flex-wrap items-center justify-end gap-2 xl:shrink-0">
        {([
          [t("editor.toolbar.undo"), t("editor.toolbar.undoTitle"), "↶", p.canUndo, p.onUndo],
          [t("editor.toolbar.redo"), t("editor.toolbar.redoTitle"), "↷", p.canRedo, p.onRedo],
        ] as const).map(([label, title, icon, can, run]) => (
          <button
            key={label}
            type="button"
            class="btn btn-secondary !px-2 !py-1"
            disabled={!can}
            onClick={run}
            title={title}
            aria-label={label}
          >
            {icon}
          </button>
        ))}
        <div
          class="flex rounded-lg border border-slate-300 text-sm"
          role="group"
          aria-label={t("editor.toolbar.previewWidth")}
        >
          {(Object.keys(DEVICES) as Device[]).map((d) => (
            <button
              key={d}
              type="button"
              data-device={d}
              title={t(
                d === "desktop" ? "editor.device.widthOrWider" : "editor.device.width",
                { width: String(DEVICES[d]) },
              )}
              aria-pressed={p.device.value === d}
              class={`px-2 py-1 ${capitalize} ${
                p.device.value === d ? "bg-brand-50 text-brand-700" : ""
              }`}
              onClick={() => (p.device.value = d)}
            >
              {t(`editor.device.${d}`)}
            </button>
          ))}
        </div>
        {p.frame.width && p.frame.zoom < 1 && (
          <span
            class="text-xs tabular-nums text-slate-500"
            data-testid="frame-size"
            title={t("editor.toolbar.zoomTitle", {
              width: String(p.frame.width),
              zoom: String(Math.round(p.frame.zoom * 100)),
            })}
          >
            {Math.round(p.frame.zoom * 100)}%
          </span>
        )}
        <a
          class="btn btn-secondary !px-3 !py-1"
          href={`/pages/${p.pageId}/preview`}
          target="_blank"
        >
          {t("editor.toolbar.preview")}
        </a>
        <a
          class="text-sm text-slate-500 hover:text-slate-800"
          href="/support"
          target="_blank"
          title={t("editor.toolbar.helpTitle")}
        >
          {t("editor.toolbar.help")}
        </a>
        <span class="h-5 w-px bg-slate-200" aria-hidden="true" />
        {published
          ? (
            <>
              <span
                data-testid="publish-state"
                data-not-live={p.notLive ? "true" : "false"}
                class={`flex items-center gap-1.5 whitespace-nowrap text-xs ${
                  p.notLive ? "text-amber-800" : "text-emerald-700"
                }`}
                title={t(p.notLive ? "editor.toolbar.notLiveTitle" : "editor.toolbar.liveTitle")}
              >
                <span
                  class={`inline-block h-2 w-2 rounded-full ${
                    p.notLive ? "bg-amber-500" : "bg-emerald-500"
                  }`}
                />
                {t(p.notLive ? "editor.toolbar.publishedNotLive" : "editor.toolbar.published")}
              </span>
              {p.url && (
                <a
                  data-testid="live-url"
                  class="whitespace-nowrap text-sm text-brand-600 underline"
                  href={p.url}
                  target="_blank"
                  rel="noopener"
                  title={t("editor.toolbar.openLive", { url: p.url })}
                >
                  {t("editor.toolbar.live")}
                </a>
              )}
              {p.notLive && (
                <button
                  type="button"
                  data-testid="update"
                  class="btn btn-primary !px-3 !py-1"
                  onClick={() => p.onPublish(true)}
                >
                  {t("editor.toolbar.update")}
                </button>
              )}
              <button
                type="button"
                data-testid="unpublish"
                class="whitespace-nowrap rounded-md px-1 text-sm text-slate-500 hover:text-red-700"
                onClick={() => p.onPublish(false)}
                title={t("editor.toolbar.unpublishTitle")}
              >
                {t("editor.toolbar.unpublish")}
              </button>
            </>
          )
          : (
            <button
              type="button"
              data-testid="publish"
              class="btn btn-primary !py-1"
              onClick={() => p.onPublish(true)}
            >
              {t("editor.toolbar.publish")}
            </button>
          )}
      </div>
    </div>
  );
}
