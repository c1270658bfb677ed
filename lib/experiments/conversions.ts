// Conversions: a lead whose form carried `_variant` (the hidden field each variant's page has)
// counts for that variant when it belongs to the page's running experiment. The count is a KV
// sum added to the lead's own atomic commit, so a stored lead and its conversion go together.
import { blockHasForm } from "../blocks.ts";
import { addToCounter, getLarge, keys, kv } from "../kv/index.ts";
import type { Experiment } from "./model.ts";

async function runningExperiment(pageId: string): Promise<Experiment | null> {
  const claim = await kv().get<string>(keys.runningExperiment(pageId));
  if (!claim.value) return null;
  const exp = (await getLarge<Experiment>(keys.experiment(pageId, claim.value))).value;
  return exp?.status === "running" ? exp : null;
}

/**
 * Add the conversion of the variant named by the form's `_variant` field to `op` (nothing when
 * there is no running experiment or the id is not one of its variants). Returns the variant id.
 */
export async function countConversion(
  op: Deno.AtomicOperation,
  pageId: string,
  input: Record<string, unknown>,
): Promise<string | null> {
  const variantId = input._variant;
  if (typeof variantId !== "string" || !variantId || variantId.length > 64) return null;
  const exp = await runningExperiment(pageId);
  if (!exp || !exp.variants.some((v) => v.id === variantId)) return null;
  addToCounter(op, keys.experimentConversions(exp.id, variantId), 1);
  return variantId;
}

/**
 * A form block that only a variant has (added in the variant's editor): the submission is
 * validated against it. Null when the variant is not running or has no such form.
 */
export async function variantForm(pageId: string, variantId: unknown, blockId: string) {
  if (typeof variantId !== "string" || !variantId) return null;
  const exp = await runningExperiment(pageId);
  const variant = exp?.variants.find((v) => v.id === variantId);
  return variant ? blockHasForm(variant.content, blockId) : null;
}
