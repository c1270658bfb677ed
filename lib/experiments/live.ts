// The running experiments of this process, by page id: the published-site hot path
// (lib/sites/serve.ts) makes one lookup here and, on a hit, answers with the variant's prepared
// response instead of the page's. Filled by lib/experiments/serving.ts; a leaf module so the
// sites code can import it without a cycle.

import type { PreparedResponses } from "../sites/prepared-responses.ts";

/** A prepared answer in the shape of the sites cache's entries (the page's record, own ETag). */
export interface PreparedAnswer {
  /** `html`: the variant's document, which a campaign visit's attribution inputs go into. */
  site: { pageId: string; etag: string; html: string };
  /** The answers themselves, built once: a request sends a clone (lib/sites/serve.ts answer). */
  responses: PreparedResponses;
}

/** Picks the variant for a request (sticky per visitor) and notes its exposure. */
export type VariantChooser = <T extends PreparedAnswer>(
  req: Request,
  page: T,
  addr: Deno.NetAddr | undefined,
  /** Whether this request counts as a view (lib/sites/views.ts), worked out once by the caller. */
  countsAsView: boolean,
  /** The request's User-Agent ("" when none), read once by the caller. */
  userAgent: string,
) => T;

export const liveExperiments = new Map<string, VariantChooser>();
