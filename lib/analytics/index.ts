// Page analytics without cookies or scripts: visits counted on the server (visits.ts), leads
// attributed to the visit that showed the form (attribution.ts), read by range (report.ts).
export { analyticsKeys } from "./keys.ts";
export { type Device, deviceClass, sourceName } from "./classify.ts";
export { currentDay, flushVisits, forgetInMemory, recordVisit } from "./visits.ts";
export {
  attributionInputs,
  carriedInputs,
  countLead,
  type LeadSource,
  leadSource,
  withInputs,
} from "./attribution.ts";
export {
  analyticsCsv,
  type AnalyticsReport,
  analyticsSummary,
  conversionRate,
  MAX_RANGE_DAYS,
  pageAnalytics,
  parseRange,
  readAnalytics,
} from "./report.ts";
