// The page theme: its schema, the values its choices stand for, and the stylesheet rules every
// block shares. One copy, used by the published site and by the editor canvas.
import * as z from "zod/mini";
import { or } from "./kit.tsx";

const color = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, "Use a #rrggbb colour"));

export const themeSchema = z.object({
  primaryColor: or(color, "#4f46e5"),
  backgroundColor: or(color, "#ffffff"),
  textColor: or(color, "#0f172a"),
  font: or(z.enum(["system", "serif", "mono", "rounded"]), "system"),
  spacing: or(z.enum(["compact", "normal", "relaxed"]), "normal"),
  radius: or(z.enum(["none", "small", "large"]), "small"),
});
export type Theme = z.infer<typeof themeSchema>;

export const FONTS: Record<Theme["font"], string> = {
  // Each stack ends in system fonts that have Vietnamese and Thai (Windows, Android, Linux), so
  // a vi or th page never falls back to boxes.
  system:
    `ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Thai","Leelawadee UI",Tahoma,Garuda,sans-serif`,
  serif:
    `ui-serif,Georgia,Cambria,"Times New Roman","Noto Serif","Noto Serif Thai","Leelawadee UI",Tahoma,Norasi,serif`,
  mono: `ui-monospace,SFMono-Regular,Menlo,Consolas,monospace`,
  rounded:
    `ui-rounded,"Nunito","Varela Round",system-ui,"Noto Sans","Noto Sans Thai","Leelawadee UI",Tahoma,Garuda,sans-serif`,
};
export const SPACING: Record<Theme["spacing"], string> = {
  compact: "40px",
  normal: "72px",
  relaxed: "104px",
};
export const RADIUS: Record<Theme["radius"], string> = {
  none: "0",
  small: "8px",
  large: "20px",
};

/** The theme as CSS custom properties (declarations only). */
export function themeDeclarations(theme: Theme): string {
  return `--p:${theme.primaryColor};--bg:${theme.backgroundColor};--fg:${theme.textColor};` +
    `--font:${FONTS[theme.font]};--gap:${SPACING[theme.spacing]};--r:${RADIUS[theme.radius]}`;
}

/** The theme's variables for a published page. */
export function themeVars(theme: Theme): string {
  return `:root{${themeDeclarations(theme)}}`;
}

/**
 * Rules shared by every block. The element rules state what browsers do by default (bold
 * headings, paragraph margins, list bullets, underlined links) because the editor page resets
 * those (Tailwind's preflight): stated here, the canvas looks like the published page.
 */
export const BASE_CSS =
  `*,*::before,*::after{box-sizing:border-box}body{margin:0;font-family:var(--font);background:var(--bg);color:var(--fg);line-height:1.6;-webkit-font-smoothing:antialiased}` +
  `p,ul{margin:1em 0}ul{padding-left:40px;list-style:disc}strong{font-weight:700}` +
  `img{max-width:100%;height:auto;display:block}h1,h2,h3{line-height:1.2;margin:0 0 .5em;font-weight:700}h1{font-size:clamp(2rem,5vw,3.5rem)}h2{font-size:clamp(1.5rem,3.5vw,2.25rem);text-align:center}h3{font-size:1.15rem}` +
  `a{color:var(--p);text-decoration:underline}.lh-wrap{max-width:1100px;margin:0 auto;padding:0 20px}.lh-narrow{max-width:720px}.lh-section{padding:var(--gap) 0}.lh-alt{background:color-mix(in srgb,var(--p) 6%,var(--bg))}.lh-center{text-align:center}` +
  `.lh-sub,.lh-lead{opacity:.8;font-size:1.15rem;text-align:center;max-width:680px;margin:0 auto 2em}` +
  `.lh-btn{display:inline-block;background:var(--p);color:#fff;text-decoration:none;font-weight:600;padding:.8em 1.6em;border-radius:var(--r);border:0;font-size:1rem;cursor:pointer;font-family:inherit}.lh-btn:hover{filter:brightness(1.08)}` +
  `.lh-grid{display:grid;gap:24px;grid-template-columns:1fr}@media(min-width:720px){.lh-cols-2{grid-template-columns:repeat(2,1fr)}.lh-cols-3{grid-template-columns:repeat(3,1fr)}.lh-cols-4{grid-template-columns:repeat(4,1fr)}}` +
  `.lh-card{background:var(--bg);border:1px solid color-mix(in srgb,var(--fg) 12%,transparent);border-radius:var(--r);padding:24px}` +
  `figure{margin:0 auto}figcaption{text-align:center;opacity:.8;font-size:.9rem;margin-top:.5em}` +
  `.lh-notice{max-width:560px;margin:15vh auto;padding:32px;text-align:center}` +
  `.lh-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;
