// Published sites: render and store at publish time (publish.ts, render.tsx), serve by Host with
// ETag/304 and gzip (serve.ts), count views (views.ts).
export { type FormProblem, formProblemPage } from "./form-page.ts";
export { renderSiteHtml, sanitizeUserHtml } from "./render.tsx";
export { getSite, publishPage, type SiteRecord, unpublishPage } from "./publish.ts";
export {
  noneMatch,
  notFoundSite,
  serveSite,
  SITE_CSP,
  siteHeaders,
  siteLocale,
  siteNotice,
  siteRobots,
  siteSitemap,
} from "./serve.ts";
export {
  countsAsView,
  flushViews,
  isAppPreview,
  isBot,
  startViewCounter,
  stopViewCounter,
} from "./views.ts";
