// Revision history: earlier versions of the page, each restorable.
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { pagesApi, type RevisionItem } from "../api.ts";
import { INTL_TAG } from "../../../lib/i18n/fill.ts";
import { useLocale } from "../../../lib/i18n/locale-context.ts";
import { useLabels } from "../labels.ts";

const KIND_CLASS: Record<RevisionItem["kind"], string> = {
  autosave: "bg-slate-100 text-slate-700",
  published: "bg-emerald-100 text-emerald-800",
  restore: "bg-amber-100 text-amber-800",
};

export function HistoryPanel(
  p: {
    pageId: string;
    version: Signal<number>;
    published: boolean;
    /** Restore a revision; answers an error message, or "" when done. */
    onRestore: (revisionId: string) => Promise<string>;
  },
) {
  const { t } = useLabels();
  const tag = INTL_TAG[useLocale()];
  const items = useSignal<RevisionItem[] | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);
  const load = async () => {
    const res = await pagesApi.revisions(p.pageId);
    items.value = res.ok ? res.data.items : [];
  };
  useEffect(() => {
    load();
  }, [p.version.value]);
  return (
    <div class="space-y-3">
      <h2 class="font-semibold">{t("editor.history.title")}</h2>
      <p class="text-xs text-slate-500">{t("editor.history.help")}</p>
      <p class="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm">
        {t("editor.history.now", { version: String(p.version.value) })}
        {p.published && (
          <span class="badge ml-2 bg-emerald-100 text-emerald-800">
            {t("editor.history.published")}
          </span>
        )}
      </p>
      {error.value && <p class="text-sm text-red-600" role="alert">{error.value}</p>}
      {items.value === null
        ? <p class="text-sm text-slate-500">{t("editor.history.loading")}</p>
        : items.value.length === 0
        ? <p class="text-sm text-slate-500">{t("editor.history.empty")}</p>
        : (
          <ul class="space-y-2">
            {items.value.map((r) => (
              <li
                key={r.id}
                data-revision={r.kind}
                class="flex items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm"
              >
                <span class="min-w-0">
                  <span class={`badge ${KIND_CLASS[r.kind]}`}>
                    {r.kind === "restore" && r.restoredVersion
                      ? t("editor.history.beforeRestoring", { version: String(r.restoredVersion) })
                      : t(`editor.history.${r.kind}`)}
                  </span>{" "}
                  {t("editor.history.version", { version: String(r.version) })}
                  <span class="block truncate text-xs text-slate-500" title={r.name}>
                    {new Date(r.at).toLocaleString(tag, {
                      dateStyle: "medium",
                      timeStyle: "short",
                    })}
                    {" · "}
                    {r.name}
                  </span>
                </span>
                <button
                  type="button"
                  class="btn btn-secondary !px-2 !py-1"
                  disabled={busy.value}
                  onClick={async () => {
                    busy.value = true;
                    error.value = await p.onRestore(r.id);
                    busy.value = false;
                  }}
                >
                  {t("editor.history.restoreButton")}
                </button>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
