// The stylesheet of published pages comes from the blocks (blocks/registry.ts, blocks/theme.ts);
// this file adapts it to the editor canvas.
import { SITE_CSS } from "../blocks/registry.ts";
export { SITE_CSS } from "../blocks/registry.ts";
export { themeVars } from "../blocks/theme.ts";

/**
 * The site stylesheet confined to `scope` (the editor's canvas): every rule is prefixed, the
 * document-level rules apply to the scope itself, and width breakpoints become container
 * queries so the canvas's device width (not the window's) decides the layout.
 */
export function scopedSiteCss(scope: string): string {
  const prefix = (selectors: string) =>
    selectors.split(",").map((sel) => {
      const s = sel.trim();
      return s === ":root" || s === "body" ? scope : `${scope} ${s}`;
    }).join(",");
  let out = "";
  const re = /@media\(([^)]*)\)\{((?:[^{}]*\{[^}]*\})*)\}|([^{}@]+)\{([^}]*)\}/g;
  for (const m of SITE_CSS.matchAll(re)) {
    if (m[1] !== undefined) {
      const inner = [...m[2].matchAll(/([^{}]+)\{([^}]*)\}/g)].map((r) =>
        `${prefix(r[1])}{${r[2]}}`
      ).join("");
      out += `@container (${m[1]}){${inner}}`;
    } else {
      out += `${prefix(m[3])}{${m[4]}}`;
    }
  }
  return out.replace(/(\d)vw/g, "$1cqw");
}
