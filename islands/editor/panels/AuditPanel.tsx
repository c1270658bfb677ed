// The editor's "Checks" tab: what the page's content breaks for screen readers and search engines
// (lib/a11y/audit.ts), each with a button that jumps to the block. Warnings only: publishing
// stays allowed, and after publishing with warnings this tab opens with them listed.
import type { AuditFinding } from "../../../lib/a11y/audit.ts";
import { useLabels } from "../labels.ts";

export function AuditPanel(p: {
  findings: AuditFinding[];
  publishedWithWarnings: boolean;
  onJump: (blockId: string) => void;
  onPage: (tab: "theme" | "page") => void;
}) {
  const { t } = useLabels();
  if (!p.findings.length) {
    return (
      <p class="text-sm text-emerald-800" data-testid="audit-clear">
        {t("editor.audit.clear")}
      </p>
    );
  }
  return (
    <div class="space-y-3" data-testid="audit">
      <p class="text-sm text-slate-700">
        {t(p.publishedWithWarnings ? "editor.audit.publishedWithWarnings" : "editor.audit.toFix", {
          count: p.findings.length,
        })}
      </p>
      <ul class="space-y-2">
        {p.findings.map((f, i) => (
          <li key={i} class="rounded-md border border-amber-200 bg-amber-50 p-2 text-sm">
            <span class="block text-xs font-semibold text-amber-900">
              {t(`editor.audit.kind.${f.kind}`)}
            </span>
            <span class="block text-slate-800">{t(f.key, f.params)}</span>
            <button
              type="button"
              class="mt-1 text-sm font-medium text-brand-700 underline"
              data-testid="audit-jump"
              onClick={() =>
                f.blockId
                  ? p.onJump(f.blockId)
                  : p.onPage(f.kind === "contrast" ? "theme" : "page")}
            >
              {t(
                f.blockId
                  ? "editor.audit.goToBlock"
                  : f.kind === "contrast"
                  ? "editor.audit.openTheme"
                  : "editor.audit.openPage",
              )}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
