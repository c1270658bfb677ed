// Conversions: a lead counts for the variant its visitor is assigned to — the sticky hash of
// address and User-Agent worked out again at submission (serving.ts) — never for whatever the
// form's `_variant` field names, which anyone can forge. `_variant` only picks the form of a
// variant that has its own form, and only when it is the visitor's variant. The count is a KV sum
// added to the lead's own atomic commit, so a stored lead and its conversion go together.
import { blockHasForm } from "../blocks.ts";
import { addToCounter, getLarge, keys, kv } from "../kv/index.ts";
import type { Experiment } from "./model.ts";
import { assignedVariant } from "./serving.ts";

/** Who submitted: the client address (lib/http clientIp) and User-Agent. */
export interface Visitor {
  ip: string;
  ua: string;
}

async function runningExperiment(pageId: string): Promise<Experiment | null> {
  const claim = await kv().get<string>(keys.runningExperiment(pageId));
  if (!claim.value) return null;
  const exp = (await getLarge<Experiment>(keys.experiment(pageId, claim.value))).value;
  return exp?.status === "running" ? exp : null;
}

/**
 * Add the conversion of the submitting visitor's assigned variant to `op` (nothing when there is
 * no running experiment). Returns the variant id.
 */
export async function countConversion(
  op: Deno.AtomicOperation,
  pageId: string,
  visitor: Visitor,
): Promise<string | null> {
  const exp = await runningExperiment(pageId);
  const variantId = exp && assignedVariant(exp, visitor);
  if (!exp || !variantId) return null;
  addToCounter(op, keys.experimentConversions(exp.id, variantId), 1);
  return variantId;
}

/**
 * A form block that only a variant has (added in the variant's editor): the submission is
 * validated against it. Null when the variant is not running, is not the visitor's own variant,
 * or has no such form.
 */
export async function variantForm(
  pageId: string,
  variantId: unknown,
  blockId: string,
  visitor: Visitor,
) {
  if (typeof variantId !== "string" || !variantId) return null;
  const exp = await runningExperiment(pageId);
  if (!exp || assignedVariant(exp, visitor) !== variantId) return null;
  const variant = exp.variants.find((v) => v.id === variantId);
  return variant ? blockHasForm(variant.content, blockId) : null;
}
