// A/B experiments of published pages (shared/API.md "Experiments"): records and life cycle
// (model.ts), Beta-Binomial statistics (stats.ts), serving variants on the published site
// (serving.ts, hooked into lib/sites/serve.ts through live.ts) and conversions from leads.
export {
  createExperiment,
  createExperimentSchema,
  deletePageExperiments,
  type Experiment,
  EXPERIMENT_MODES,
  type ExperimentView,
  experimentView,
  getExperiment,
  listExperiments,
  promoteSchema,
  promoteVariant,
  startExperiment,
  stopExperiment,
  updateVariantContent,
  type Variant,
  variantContentSchema,
  type VariantResult,
} from "./model.ts";
export { REFRESH_MS, refreshPage, startExperiments, stopExperiments } from "./serving.ts";
export { countConversion, variantForm } from "./conversions.ts";
export { DECISION_PROBABILITY, MIN_VISITORS } from "./stats.ts";
