// The editor's "Checks" tab: what the page's content breaks for screen readers and search engines
// (lib/a11y/audit.ts), each with a button that jumps to the block. Warnings only: publishing
// stays allowed, and after publishing with warnings this tab opens with them listed.
import type { AuditFinding } from "../../../lib/a11y/audit.ts";

const KIND_LABEL: Record<AuditFinding["kind"], string> = {
  alt: "Alt text",
  contrast: "Contrast",
  description: "Description",
  heading: "Headings",
  link: "Link text",
  title: "Title",
};

export function AuditPanel(p: {
  findings: AuditFinding[];
  publishedWithWarnings: boolean;
  onJump: (blockId: string) => void;
  onPage: (tab: "theme" | "page") => void;
}) {
  if (!p.findings.length) {
    return (
      <p class="text-sm text-emerald-800" data-testid="audit-clear">
        No accessibility or SEO problems found in this page's content.
      </p>
    );
  }
  return (
    <div class="space-y-3" data-testid="audit">
      <p class="text-sm text-slate-700">
        {p.publishedWithWarnings
          ? `Published with ${p.findings.length} warning(s). Fix them and press Update:`
          : `${p.findings.length} problem(s) to fix before publishing (publishing still works):`}
      </p>
      <ul class="space-y-2">
        {p.findings.map((f, i) => (
          <li key={i} class="rounded-md border border-amber-200 bg-amber-50 p-2 text-sm">
            <span class="block text-xs font-semibold text-amber-900">{KIND_LABEL[f.kind]}</span>
            <span class="block text-slate-800">{f.message}</span>
            <button
              type="button"
              class="mt-1 text-sm font-medium text-brand-700 underline"
              data-testid="audit-jump"
              onClick={() =>
                f.blockId
                  ? p.onJump(f.blockId)
                  : p.onPage(f.kind === "contrast" ? "theme" : "page")}
            >
              {f.blockId ? "Go to the block" : f.kind === "contrast" ? "Open Theme" : "Open Page"}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
