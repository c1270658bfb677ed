// Lead attribution without a cookie. A visit that arrives with utm_* parameters or from another
// site gets its page with hidden inputs in each form (`_ref`, `_utm_*`), so the lead posted from
// it carries where the visit came from. Ordinary visits (no utm_*, no external Referer) keep the
// prepared, ETag-cached response untouched. A form post without those inputs still finds the
// utm_* of the page it was sent from in its own Referer (same origin: the full URL).
// The experiments helper renders a hidden `_variant` input; a plausible id becomes variantId.
import { addToCounter } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { analyticsTopic } from "../realtime/topics.ts";
import { analyticsKeys as k } from "./keys.ts";
import { esc, externalReferrer, label, sourceName, type Utm, utmOf } from "./classify.ts";
import { currentDay } from "./visits.ts";

export interface LeadSource {
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  variantId: string | null;
}

const VARIANT_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Hidden input names and the utm parameter each carries. */
const FIELDS = [
  ["_utm_source", "utm_source"],
  ["_utm_medium", "utm_medium"],
  ["_utm_campaign", "utm_campaign"],
  ["_utm_content", "utm_content"],
  ["_utm_term", "utm_term"],
] as const;

/**
 * The hidden inputs for a visit (`req` is a GET of the page), or null for an ordinary visit: no
 * utm_* in the URL and no Referer from another site. Cheap when there is nothing to do.
 * `referer` when the caller has already read it.
 */
export function attributionInputs(
  req: Request,
  referer: string | null = req.headers.get("referer"),
): string | null {
  const hasUtm = req.url.includes("utm_");
  if (!hasUtm && !referer) return null;
  const referrer = externalReferrer(referer, req.headers.get("host"));
  const utm: Utm = hasUtm ? utmOf(req.url) : {};
  let html = referrer ? hidden("_ref", referrer) : "";
  for (const [name, param] of FIELDS) if (utm[param]) html += hidden(name, utm[param]);
  return html || null;
}

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${name}" value="${esc(value)}">`;

const FORM_TAG = /<form class="lh-form" method="post" action="\/forms\/[^"]*">/g;

/** `html` with `inputs` inside each of its lead forms, or null when it has no lead form. */
export function withInputs(html: string, inputs: string): string | null {
  let found = false;
  const out = html.replace(FORM_TAG, (tag) => {
    found = true;
    return tag + inputs;
  });
  return found ? out : null;
}

/**
 * The source of a lead from its form post: the hidden inputs the page was served with, else the
 * utm_* of the page URL in the post's own Referer (sent in full on the same origin).
 */
export function leadSource(
  input: Record<string, unknown>,
  referer: string | null,
  host: string | null,
): LeadSource {
  const field = (name: string) => Object.hasOwn(input, name) ? label(input[name]) : null;
  let utm: Utm = {};
  if (!FIELDS.some(([name]) => field(name)) && referer) {
    // Only our own page's URL: another site's Referer says nothing about the visit's utm_*.
    if (!externalReferrer(referer, host)) utm = utmOf(referer);
  }
  const pick = (name: string, param: keyof Utm) => field(name) ?? utm[param] ?? null;
  const variant = field("_variant");
  const ref = field("_ref");
  return {
    referrer: ref && /^[a-z0-9.-]+$/i.test(ref) ? ref.toLowerCase() : null,
    utmSource: pick("_utm_source", "utm_source"),
    utmMedium: pick("_utm_medium", "utm_medium"),
    utmCampaign: pick("_utm_campaign", "utm_campaign"),
    utmContent: pick("_utm_content", "utm_content"),
    utmTerm: pick("_utm_term", "utm_term"),
    variantId: variant && VARIANT_ID.test(variant) ? variant : null,
  };
}

/** Count a lead in the page's analytics inside the lead's own commit. */
export function countLead(op: Deno.AtomicOperation, pageId: string, source: LeadSource) {
  const day = currentDay();
  addToCounter(op, k.anDay(pageId, day, "leads"), 1);
  addToCounter(
    op,
    k.anSource(pageId, day, sourceName(source.utmSource, source.referrer), "leads"),
    1,
  );
  if (source.utmCampaign) {
    addToCounter(op, k.anCampaign(pageId, day, source.utmCampaign, "leads"), 1);
  }
  addEvent(op, analyticsTopic(pageId), "analytics", { pageId });
  return op;
}

/**
 * The source inputs of a posted form, as hidden inputs again: a form shown back to the visitor
 * (a field to fix) keeps where the visit came from, and its experiment variant.
 */
export function carriedInputs(input: Record<string, unknown>): string {
  let html = "";
  for (const name of ["_ref", ...FIELDS.map(([n]) => n), "_variant"]) {
    const v = Object.hasOwn(input, name) ? label(input[name]) : null;
    if (v) html += hidden(name, v);
  }
  return html;
}
