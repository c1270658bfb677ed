// The stylesheet of published pages: small, hand-written, themed by CSS variables. It is inlined
// in each page so a published site needs one request.
import type { Theme } from "./blocks.ts";

const FONTS: Record<Theme["font"], string> = {
  system: `ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif`,
  serif: `ui-serif,Georgia,Cambria,"Times New Roman",serif`,
  mono: `ui-monospace,SFMono-Regular,Menlo,Consolas,monospace`,
  rounded: `ui-rounded,"Nunito","Varela Round",system-ui,sans-serif`,
};
const SPACING: Record<Theme["spacing"], string> = {
  compact: "40px",
  normal: "72px",
  relaxed: "104px",
};
const RADIUS: Record<Theme["radius"], string> = {
  none: "0",
  small: "8px",
  large: "20px",
};

export function themeVars(theme: Theme): string {
  return `:root{--p:${theme.primaryColor};--bg:${theme.backgroundColor};--fg:${theme.textColor};` +
    `--font:${FONTS[theme.font]};--gap:${SPACING[theme.spacing]};--r:${RADIUS[theme.radius]}}`;
}

export const SITE_CSS =
  `*,*::before,*::after{box-sizing:border-box}body{margin:0;font-family:var(--font);background:var(--bg);color:var(--fg);line-height:1.6;-webkit-font-smoothing:antialiased}` +
  `img{max-width:100%;height:auto;display:block}h1,h2,h3{line-height:1.2;margin:0 0 .5em}h1{font-size:clamp(2rem,5vw,3.5rem)}h2{font-size:clamp(1.5rem,3.5vw,2.25rem);text-align:center}h3{font-size:1.15rem}` +
  `a{color:var(--p)}.lh-wrap{max-width:1100px;margin:0 auto;padding:0 20px}.lh-narrow{max-width:720px}.lh-section{padding:var(--gap) 0}.lh-alt{background:color-mix(in srgb,var(--p) 6%,var(--bg))}.lh-center{text-align:center}` +
  `.lh-sub,.lh-lead{opacity:.8;font-size:1.15rem;text-align:center;max-width:680px;margin:0 auto 2em}` +
  `.lh-hero{padding:calc(var(--gap)*1.4) 0;background:linear-gradient(180deg,color-mix(in srgb,var(--p) 12%,var(--bg)),var(--bg))}.lh-align-center{text-align:center}.lh-align-left .lh-lead{text-align:left;margin-left:0}.lh-hero-img{margin:2.5em auto 0;border-radius:var(--r);box-shadow:0 20px 50px rgba(0,0,0,.12)}` +
  `.lh-btn{display:inline-block;background:var(--p);color:#fff;text-decoration:none;font-weight:600;padding:.8em 1.6em;border-radius:var(--r);border:0;font-size:1rem;cursor:pointer;font-family:inherit}.lh-btn:hover{filter:brightness(1.08)}.lh-btn-light{background:#fff;color:var(--p)}` +
  `.lh-grid{display:grid;gap:24px;grid-template-columns:1fr}@media(min-width:720px){.lh-cols-2{grid-template-columns:repeat(2,1fr)}.lh-cols-3{grid-template-columns:repeat(3,1fr)}.lh-cols-4{grid-template-columns:repeat(4,1fr)}}` +
  `.lh-card{background:var(--bg);border:1px solid color-mix(in srgb,var(--fg) 12%,transparent);border-radius:var(--r);padding:24px}.lh-icon{font-size:1.8rem;margin-bottom:.4em}` +
  `.lh-plan{display:flex;flex-direction:column}.lh-plan ul{padding-left:1.2em;flex:1}.lh-featured{border:2px solid var(--p);box-shadow:0 10px 30px color-mix(in srgb,var(--p) 25%,transparent)}.lh-price{font-size:2rem;font-weight:700;margin:.2em 0}.lh-price span{font-size:1rem;opacity:.7}` +
  `.lh-quote blockquote{margin:0 0 1em;font-style:italic}.lh-quote figcaption{display:flex;gap:10px;align-items:center}.lh-quote img{border-radius:50%}.lh-quote small{display:block;opacity:.7}` +
  `.lh-faq{border-bottom:1px solid color-mix(in srgb,var(--fg) 12%,transparent);padding:14px 0}.lh-faq summary{cursor:pointer;font-weight:600}` +
  `.lh-cta{padding:var(--gap) 0;background:var(--p);color:#fff;text-align:center}.lh-cta h2{color:#fff}` +
  `.lh-img-narrow{max-width:640px}.lh-img-full{max-width:none;padding:0}figure{margin:0 auto}figcaption{text-align:center;opacity:.7;font-size:.9rem;margin-top:.5em}.lh-gallery{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}.lh-gallery img{border-radius:var(--r);aspect-ratio:4/3;object-fit:cover;width:100%}` +
  `.lh-video{position:relative;padding-top:56.25%}.lh-video iframe{position:absolute;inset:0;width:100%;height:100%;border:0;border-radius:var(--r)}` +
  `.lh-form{display:grid;gap:14px}.lh-form label{display:grid;gap:4px;font-weight:500}.lh-form input,.lh-form textarea,.lh-form select{font:inherit;padding:.7em .9em;border:1px solid color-mix(in srgb,var(--fg) 25%,transparent);border-radius:var(--r);background:var(--bg);color:var(--fg);width:100%}.lh-check{display:flex!important;align-items:center;gap:8px}.lh-check input{width:auto}.lh-hp{position:absolute;left:-9999px;width:1px;height:1px;opacity:0}` +
  `.lh-countdown{font-size:2rem;font-weight:700;color:var(--p)}.lh-html{overflow-wrap:anywhere}.lh-footer{padding:32px 0;border-top:1px solid color-mix(in srgb,var(--fg) 12%,transparent);font-size:.9rem;opacity:.85;text-align:center}.lh-footer nav{display:flex;gap:16px;justify-content:center;flex-wrap:wrap}` +
  `.lh-notice{max-width:560px;margin:15vh auto;padding:32px;text-align:center}`;

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
