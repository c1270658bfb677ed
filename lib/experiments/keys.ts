// KV keys of A/B experiments: the records (by page), the one running experiment of a page, and
// the per-variant counters (sums written by lib/kv/buffered.ts or the lead's own commit).
export const experimentKeys = {
  experiment: (pageId: string, id: string) => ["experiments", pageId, id],
  experiments: (pageId: string) => ["experiments", pageId],
  /** The running experiment of a page (value: its id); at most one per page. */
  runningExperiment: (pageId: string) => ["experiments_running", pageId],
  runningExperiments: () => ["experiments_running"],
  experimentVisitors: (id: string, variantId: string) => ["experiment_visitors", id, variantId],
  experimentConversions: (id: string, variantId: string) => [
    "experiment_conversions",
    id,
    variantId,
  ],
} as const;
