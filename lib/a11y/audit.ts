// The editor's accessibility and SEO check (like Webflow's Audit panel): what a seller's own
// content breaks on the published page, each finding tied to the block to jump to. Pure functions
// over the page's content and SEO fields, so the editor runs them on every change and tests run
// them alone. Findings are warnings: publishing stays allowed. Each finding carries its message
// key and params (lib/i18n/areas/editor.ts), so the editor shows it in the page's language; its
// `message` is the English text, for tests and logs.
import type { Block, Content, Seo } from "../blocks.ts";
import { areaT } from "../i18n/area.ts";
import type { Params } from "../i18n/fill.ts";
import { editor } from "../i18n/areas/editor.ts";

export type AuditKind = "alt" | "contrast" | "description" | "heading" | "link" | "title";

export type AuditMessageKey = Extract<keyof typeof editor.en, `editor.audit.${string}`>;

export interface AuditFinding {
  kind: AuditKind;
  /** The block to jump to; null for page-wide findings (theme, description). */
  blockId: string | null;
  /** What to say, translated where it is shown: `t(key, params)`. */
  key: AuditMessageKey;
  params?: Params;
  /** The message in English. */
  message: string;
}

const english = areaT(editor, "en");
const finding = (
  kind: AuditKind,
  blockId: string | null,
  key: AuditMessageKey,
  params?: Params,
): AuditFinding => ({
  kind,
  blockId,
  key,
  ...(params ? { params } : {}),
  message: english(key, params),
});

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) +
    0.0722 * channel(n & 255);
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** AA for normal-size text. */
export const AA_TEXT = 4.5;
const fmt = (r: number) => `${r.toFixed(2)}:1`;

function themeFindings(theme: Content["theme"]): AuditFinding[] {
  const out: AuditFinding[] = [];
  const pairs: [string, string, AuditMessageKey][] = [
    [theme.textColor, theme.backgroundColor, "editor.audit.contrastText"],
    // Buttons are white text on the primary colour (blocks/theme.ts .lh-btn).
    ["#ffffff", theme.primaryColor, "editor.audit.contrastButton"],
    [theme.primaryColor, theme.backgroundColor, "editor.audit.contrastLink"],
  ];
  for (const [fg, bg, key] of pairs) {
    const ratio = contrastRatio(fg, bg);
    if (ratio < AA_TEXT) {
      out.push(finding("contrast", null, key, { ratio: fmt(ratio), need: `${AA_TEXT}:1` }));
    }
  }
  return out;
}

/** Text of an HTML fragment, tags removed (for link and heading checks). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&nbsp;/g, " ").trim();

/** The headings a block renders, in order (levels as blocks/*.tsx render them). */
function headingsOf(block: Block): number[] {
  switch (block.type) {
    case "hero":
      return [1];
    case "cta":
      return [2];
    case "features":
      return [...(block.props.title ? [2] : []), ...block.props.items.map(() => 3)];
    case "pricing":
      return [...(block.props.title ? [2] : []), ...block.props.plans.map(() => 3)];
    case "html":
      return [...block.props.html.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
    default:
      return "title" in block.props && block.props.title ? [2] : [];
  }
}

function blockFindings(block: Block): AuditFinding[] {
  const out: AuditFinding[] = [];
  const at = (kind: AuditKind, key: AuditMessageKey, params?: Params) =>
    out.push(finding(kind, block.id, key, params));
  if (block.type === "image" && block.props.src && !block.props.alt.trim()) {
    at("alt", "editor.audit.imageAlt");
  }
  if (block.type === "gallery") {
    const missing = block.props.images.filter((i) => i.src && !i.alt.trim()).length;
    if (missing) at("alt", "editor.audit.galleryAlt", { count: missing });
  }
  if (block.type === "hero" && !block.props.headline.trim()) {
    at("heading", "editor.audit.heroEmpty");
  }
  if (block.type === "footer") {
    const empty = block.props.links.filter((l) => !l.label.trim()).length;
    if (empty) at("link", "editor.audit.footerLinks", { count: empty });
  }
  if (block.type === "html") {
    for (const m of block.props.html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)) {
      const named = /aria-label\s*=\s*["'][^"']+/i.test(m[1]) ||
        /<img\b[^>]*\balt\s*=\s*["'][^"']+/i.test(m[2]) || textOf(m[2]) !== "";
      if (!named) at("link", "editor.audit.htmlLink");
    }
    for (const m of block.props.html.matchAll(/<img\b([^>]*)>/gi)) {
      if (!/\balt\s*=/i.test(m[1])) at("alt", "editor.audit.htmlAlt");
    }
  }
  return out;
}

/**
 * Everything the published page would break, in page order: theme contrast and description
 * first, then each block's findings, then the heading outline (no h1, more than one, a skipped
 * level).
 */
export function auditPage(content: Content, seo: Pick<Seo, "title" | "description">) {
  const findings: AuditFinding[] = [...themeFindings(content.theme)];
  const subheadline = content.blocks.some((b) =>
    b.type === "hero" && b.props.subheadline.trim() !== ""
  );
  if (!seo.description.trim() && !subheadline) {
    findings.push(finding("description", null, "editor.audit.noDescription"));
  }
  // The published page names itself with a hidden h1 when no block shows one
  // (lib/sites/render.tsx), so the outline starts at level 1 either way.
  let previous = 1;
  let h1s = 0;
  for (const block of content.blocks) {
    findings.push(...blockFindings(block));
    for (const level of headingsOf(block)) {
      if (level === 1 && ++h1s === 2) {
        findings.push(finding("heading", block.id, "editor.audit.secondH1"));
      }
      if (level > previous + 1) {
        findings.push(
          finding("heading", block.id, "editor.audit.skipped", {
            from: String(previous),
            to: String(level),
          }),
        );
      }
      previous = level;
    }
  }
  if (content.blocks.length && h1s === 0) {
    findings.push(finding("heading", null, "editor.audit.noH1"));
  }
  return findings;
}
