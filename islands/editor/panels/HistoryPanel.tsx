// Revision history: earlier versions of the page, each restorable.
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { pagesApi, type RevisionItem } from "../api.ts";

const KINDS: Record<RevisionItem["kind"], [string, string]> = {
  autosave: ["Autosave", "bg-slate-100 text-slate-700"],
  published: ["Published", "bg-emerald-100 text-emerald-800"],
  restore: ["Before a restore", "bg-amber-100 text-amber-800"],
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
      <h2 class="font-semibold">Revision history</h2>
      <p class="text-xs text-slate-500">
        Autosave keeps a version when you start editing and then every few minutes; the version that
        was live is kept when you change a published page, and the current one before a restore.
        Restoring makes that version the current one.
      </p>
      <p class="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm">
        Now: version {p.version.value}
        {p.published && <span class="badge ml-2 bg-emerald-100 text-emerald-800">Published</span>}
      </p>
      {error.value && <p class="text-sm text-red-600" role="alert">{error.value}</p>}
      {items.value === null
        ? <p class="text-sm text-slate-500">Loading…</p>
        : items.value.length === 0
        ? <p class="text-sm text-slate-500">No earlier versions yet.</p>
        : (
          <ul class="space-y-2">
            {items.value.map((r) => (
              <li
                key={r.id}
                data-revision={r.kind}
                class="flex items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm"
              >
                <span class="min-w-0">
                  <span class={`badge ${KINDS[r.kind][1]}`}>
                    {r.kind === "restore" && r.restoredVersion
                      ? `Before restoring v${r.restoredVersion}`
                      : KINDS[r.kind][0]}
                  </span>{" "}
                  Version {r.version}
                  <span class="block truncate text-xs text-slate-500" title={r.name}>
                    {new Date(r.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
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
                  Restore
                </button>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
