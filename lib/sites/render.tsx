// A published page's HTML document, rendered once at publish time. User HTML is sanitised here,
// before it is stored.
import sanitizeHtml from "sanitize-html";
import { renderToString } from "preact-render-to-string";
import { SiteBody } from "../../blocks/site.tsx";
import { COUNTDOWN_SCRIPT } from "../../blocks/countdown.tsx";
import type { Content } from "../blocks.ts";
import { type PageRecord, siteUrl } from "../pages/index.ts";
import { SITE_CSS, themeVars } from "../site-css.ts";
import { config } from "../config.ts";
import { WIDGET_SCRIPT } from "./widget-script.ts";

/** What a published site may contain: no scripts, no event handlers, no javascript: URLs. */
export function sanitizeUserHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat([
      "img",
      "figure",
      "figcaption",
      "video",
      "source",
    ]),
    allowedAttributes: {
      a: ["href", "title", "target", "rel"],
      img: ["src", "alt", "width", "height", "loading"],
      video: ["src", "controls", "width", "height", "poster"],
      source: ["src", "type"],
      "*": ["class", "id"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["http", "https"] },
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", { rel: "noopener nofollow ugc" }),
    },
  });
}

function sanitizedContent(content: Content): Content {
  return {
    ...content,
    blocks: content.blocks.map((b) =>
      b.type === "html" ? { ...b, props: { html: sanitizeUserHtml(b.props.html) } } : b
    ),
  };
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The page's description for search results and link previews: the seller's own, else the first
 * hero's subheadline (search engines and Lighthouse expect one on every page).
 */
export function siteDescription(page: Pick<PageRecord, "seo" | "content">): string {
  if (page.seo.description.trim()) return page.seo.description.trim();
  const hero = page.content.blocks.find((b) => b.type === "hero" && b.props.subheadline?.trim());
  return hero?.type === "hero" ? hero.props.subheadline.trim() : "";
}

/** The complete HTML document of a published page. */
export function renderSiteHtml(page: PageRecord): string {
  const content = sanitizedContent(page.content);
  const title = page.seo.title || page.name;
  const url = siteUrl(page.slug);
  const description = siteDescription(page) || title;
  const body = renderToString(<SiteBody content={content} />);
  const meta = [
    description ? `<meta name="description" content="${esc(description)}">` : "",
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${esc(title)}">`,
    description ? `<meta property="og:description" content="${esc(description)}">` : "",
    `<meta property="og:url" content="${esc(url)}">`,
    page.seo.image ? `<meta property="og:image" content="${esc(page.seo.image)}">` : "",
    `<meta name="twitter:card" content="${page.seo.image ? "summary_large_image" : "summary"}">`,
    `<link rel="canonical" href="${esc(url)}">`,
    // No favicon of its own yet: an empty one spares every visit a request that would 404.
    `<link rel="icon" href="data:,">`,
  ].join("");
  return `<!DOCTYPE html><html lang="${content.locale ?? "en"}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title>${meta}<style>${
      themeVars(content.theme)
    }${SITE_CSS}</style></head>` +
    // A page without a headline block still names itself to screen readers and outlines.
    `<body>${
      body.includes("<h1")
        ? body
        : body.replace("<main>", `<main><h1 class="lh-sr">${esc(title)}</h1>`)
    }${
      content.blocks.some((b) => b.type === "countdown")
        ? `<script>${COUNTDOWN_SCRIPT}</script>`
        : ""
    }${
      page.seo.supportWidget
        ? `<script data-api="${
          esc(`${config().appOrigin}/api/sites/${page.slug}/chat`)
        }">${WIDGET_SCRIPT}</script>`
        : ""
    }</body></html>`;
}
