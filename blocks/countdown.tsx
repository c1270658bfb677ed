// Countdown: time left until a moment. Published pages are rendered once, so the time left is
// filled in by COUNTDOWN_SCRIPT in the browser; without script the reader still sees the moment.
import * as z from "zod/mini";
import { defineBlock, or, text } from "./kit.tsx";
import { useLocale } from "../lib/i18n/locale-context.ts";
import { formatDateIn } from "../lib/i18n/fill.ts";
import { areaT } from "../lib/i18n/area.ts";
import { siteBlocks } from "../lib/i18n/areas/site-blocks.ts";

/** Ticks every countdown on the page; allowed by its hash in the sites' CSP. */
export const COUNTDOWN_SCRIPT =
  `(()=>{const p=n=>String(n).padStart(2,"0");const t=()=>{for(const e of document.querySelectorAll(".lh-countdown[data-target]")){const s=Math.floor((Date.parse(e.dataset.target)-Date.now())/1e3);if(!(s>0)){e.textContent=e.dataset.expired;continue}const u=(e.dataset.units||"d|h|m|s").split("|");const d=Math.floor(s/86400);e.textContent=(d?d+u[0]+" ":"")+p(Math.floor(s%86400/3600))+u[1]+" "+p(Math.floor(s%3600/60))+u[2]+" "+p(s%60)+u[3]}};t();setInterval(t,1e3)})()`;

export default defineBlock({
  type: "countdown",
  label: "Countdown",
  icon: "⏱",
  category: "conversion",
  schema: z.object({
    title: or(text(200), ""),
    target: z.string().check(
      z.maxLength(40),
      z.refine((v) => !Number.isNaN(Date.parse(v)), "Use an ISO date"),
    ),
    expiredText: or(text(200), "This offer has ended"),
  }),
  defaults: () => ({
    title: "Offer ends in",
    target: new Date(Date.now() + 7 * 86400000).toISOString(),
    expiredText: "This offer has ended",
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    { key: "target", label: "Ends at", kind: "date" },
    { key: "expiredText", label: "Text after the end", kind: "text" },
  ],
  Render: ({ props: p }) => {
    // Called inside BlockView's render, so the page's language comes from SiteBody's context.
    const locale = useLocale();
    const at = new Date(p.target);
    const fallback = Date.now() < at.getTime()
      ? areaT(siteBlocks, locale)("site.until", { date: formatDateIn(at, locale, true) })
      : p.expiredText;
    return (
      <section class="lh-section lh-center">
        <div class="lh-wrap">
          {p.title && <h2>{p.title}</h2>}
          <p
            class="lh-countdown"
            data-target={p.target}
            data-expired={p.expiredText}
            data-units={areaT(siteBlocks, locale)("site.units")}
          >
            {fallback}
          </p>
        </div>
      </section>
    );
  },
  css: `.lh-countdown{font-size:2rem;font-weight:700;color:var(--p)}`,
});
