// Experiments (shared/API.md "Experiments"): records per page, variants with their own content
// and weight, the draft → running → stopped | promoted life cycle (one running experiment per
// page, claimed by a key checked in the start commit), and the results view.
import { z } from "zod";
import { type Content, contentSchema } from "../blocks.ts";
import { conflict, invalid, notFound } from "../http/index.ts";
import {
  deleteLarge,
  getLarge,
  keys,
  kv,
  type LargeEntry,
  newId,
  noCommit,
  nowIso,
  readCounter,
  retryAtomic,
  setLarge,
} from "../kv/index.ts";
import { getOwnPage, type PageRecord, updatePage } from "../pages/index.ts";
import { publishPage } from "../sites/index.ts";
import { publish } from "../realtime/index.ts";
import { experimentTopic } from "../realtime/topics.ts";
import {
  type Counts,
  credibleInterval,
  DECISION_PROBABILITY,
  MIN_VISITORS,
  probabilityToBeBest,
  visitorsStillNeeded,
} from "./stats.ts";

export const EXPERIMENT_MODES = ["split", "bandit"] as const;
export type ExperimentStatus = "draft" | "running" | "stopped" | "promoted";

export interface Variant {
  id: string;
  name: string;
  weight: number;
  content: Content;
  /** Bumped by each edit of the variant's content (the editor's conflict check). */
  version: number;
}

export interface Experiment {
  id: string;
  pageId: string;
  ownerId: string;
  name: string;
  mode: (typeof EXPERIMENT_MODES)[number];
  status: ExperimentStatus;
  variants: Variant[];
  promotedVariantId: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

const variantInput = z.object({
  /** Left out: "Control" for the first, "Variant B", "Variant C"… for the others. */
  name: z.string().trim().min(1, "Name the variant").max(80).optional(),
  /** Relative: 50/50, 1/1 and 0.5/0.5 are the same split. */
  weight: z.number().min(0).max(1000).default(50),
  content: z.optional(contentSchema),
});

export const createExperimentSchema = z.object({
  name: z.string().trim().min(1, "Name the experiment").max(120),
  mode: z.enum(EXPERIMENT_MODES).default("split"),
  variants: z.array(variantInput).min(1, "Add at least one variant").max(8),
});
export type NewExperiment = z.infer<typeof createExperimentSchema>;

export const promoteSchema = z.object({ variantId: z.string().min(1).max(64) });

export const variantContentSchema = z.object({
  content: contentSchema,
  version: z.number().int().min(1),
});

/** Variant records can be long (a page's content each): spilled into chunks past KV's limit. */
const SPILL = { spill: ["variants"] } as const;

async function readOwn(userId: string, pageId: string, id: string) {
  const entry = await getLarge<Experiment>(keys.experiment(pageId, id));
  if (!entry.value || entry.value.ownerId !== userId) throw notFound("Experiment");
  return entry as LargeEntry<Experiment> & { value: Experiment };
}

/**
 * Create a draft experiment. The first variant is the control: the page's current content unless
 * the request gives it; "control" is added in front when the first given variant has content of
 * its own and is not named control (so there is always one copy of the page to compare with).
 */
export async function createExperiment(
  userId: string,
  pageId: string,
  input: NewExperiment,
): Promise<Experiment> {
  const page = await getOwnPage(userId, pageId);
  const total = input.variants.reduce((s, v) => s + v.weight, 0);
  if (total <= 0) invalidWeights();
  const now = nowIso();
  const variants: Variant[] = input.variants.map((v, i) => ({
    id: newId(),
    name: v.name ??
      (input.variants.length === 1
        ? "Variant B"
        : i === 0
        ? "Control"
        : `Variant ${String.fromCharCode(65 + i)}`),
    weight: v.weight,
    content: (v.content as Content | undefined) ?? structuredClone(page.content),
    version: 1,
  }));
  if (variants.length < 2) {
    // One variant named: it is compared with the page as it is.
    variants.unshift({
      id: newId(),
      name: "Control",
      weight: input.variants[0].weight,
      content: structuredClone(page.content),
      version: 1,
    });
  }
  const exp: Experiment = {
    id: newId(),
    pageId,
    ownerId: userId,
    name: input.name,
    mode: input.mode,
    status: "draft",
    variants,
    promotedVariantId: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    endedAt: null,
  };
  const res = await setLarge(kv().atomic(), keys.experiment(pageId, exp.id), exp, null, SPILL)
    .commit();
  if (!res.ok) throw conflict("busy", "Try again");
  return exp;
}

function invalidWeights(): never {
  throw invalid("Some fields are not valid", { variants: "At least one weight must be above 0" });
}

export async function getExperiment(userId: string, pageId: string, id: string) {
  return (await readOwn(userId, pageId, id)).value;
}

/** The page's experiments, newest first (a page has a handful). */
export async function listExperiments(userId: string, pageId: string): Promise<Experiment[]> {
  await getOwnPage(userId, pageId);
  const out: Experiment[] = [];
  for await (const e of kv().list<Experiment>({ prefix: keys.experiments(pageId) })) {
    const whole = await getLarge<Experiment>(e.key);
    if (whole.value) out.push(whole.value);
  }
  return out.reverse();
}

/** Change a record with a read → check → commit loop; `change` may refuse by throwing. */
async function change(
  userId: string,
  pageId: string,
  id: string,
  edit: (
    exp: Experiment,
    op: Deno.AtomicOperation,
  ) => Promise<Experiment | null> | Experiment | null,
): Promise<Experiment> {
  const out = await retryAtomic(async (op) => {
    const entry = await readOwn(userId, pageId, id);
    const next = await edit(entry.value, op);
    if (!next) return noCommit(entry.value);
    const stamped = { ...next, updatedAt: nowIso() };
    setLarge(op.check(entry), keys.experiment(pageId, id), stamped, entry, SPILL);
    return stamped;
  });
  await publish(experimentTopic(id), "experiment", { status: out.status }).catch(() => {});
  return out;
}

export async function startExperiment(userId: string, pageId: string, id: string) {
  return await change(userId, pageId, id, async (exp, op) => {
    if (exp.status === "running") return null;
    if (exp.status !== "draft" && exp.status !== "stopped") {
      throw conflict("experiment_ended", "This experiment has ended; create a new one");
    }
    const claim = await kv().get<string>(keys.runningExperiment(pageId));
    if (claim.value && claim.value !== id) {
      throw conflict("experiment_running", "Another experiment is running on this page");
    }
    op.check(claim).set(keys.runningExperiment(pageId), id);
    return { ...exp, status: "running", startedAt: exp.startedAt ?? nowIso(), endedAt: null };
  });
}

async function release(op: Deno.AtomicOperation, pageId: string, id: string) {
  const claim = await kv().get<string>(keys.runningExperiment(pageId));
  op.check(claim);
  if (claim.value === id) op.delete(keys.runningExperiment(pageId));
}

export async function stopExperiment(userId: string, pageId: string, id: string) {
  return await change(userId, pageId, id, async (exp, op) => {
    if (exp.status === "stopped" || exp.status === "promoted") return null;
    if (exp.status === "draft") throw conflict("not_running", "This experiment has not started");
    await release(op, pageId, id);
    return { ...exp, status: "stopped", endedAt: nowIso() };
  });
}

/**
 * Promote a variant: its content becomes the page's content (a normal page edit, so it has a
 * revision and the version check), the page is published again when it was live, and the
 * experiment ends as "promoted".
 */
export async function promoteVariant(
  userId: string,
  pageId: string,
  id: string,
  variantId: string,
): Promise<Experiment> {
  const exp = await getExperiment(userId, pageId, id);
  const variant = exp.variants.find((v) => v.id === variantId);
  if (!variant) {
    throw invalid("Some fields are not valid", { variantId: "Not a variant of this experiment" });
  }
  if (exp.status === "promoted") {
    throw conflict("experiment_ended", "A variant of this experiment was already promoted");
  }
  const page: PageRecord = await getOwnPage(userId, pageId);
  await updatePage(userId, pageId, { content: variant.content, version: page.version });
  const ended = await change(userId, pageId, id, async (current, op) => {
    await release(op, pageId, id);
    return {
      ...current,
      status: "promoted",
      promotedVariantId: variantId,
      endedAt: current.endedAt ?? nowIso(),
    };
  });
  if (page.status === "published") await publishPage(userId, pageId);
  return ended;
}

/** Save a variant's content from the editor (`version` must match, else 409 with the current). */
export async function updateVariantContent(
  userId: string,
  pageId: string,
  id: string,
  variantId: string,
  input: z.infer<typeof variantContentSchema>,
): Promise<{ experiment: Experiment; variant: Variant }> {
  let saved: Variant | null = null;
  const experiment = await change(userId, pageId, id, (exp) => {
    const variant = exp.variants.find((v) => v.id === variantId);
    if (!variant) throw notFound("Variant");
    if (exp.status === "promoted") {
      throw conflict("experiment_ended", "This experiment has ended; its variants are final");
    }
    if (variant.version !== input.version) {
      throw conflict("version_conflict", "The variant was changed elsewhere; reload", {
        variant: { id: variant.id, version: variant.version, content: variant.content },
      });
    }
    saved = { ...variant, content: input.content as Content, version: variant.version + 1 };
    return { ...exp, variants: exp.variants.map((v) => v.id === variantId ? saved! : v) };
  });
  return { experiment, variant: saved! };
}

export interface VariantResult {
  id: string;
  name: string;
  weight: number;
  visitors: number;
  conversions: number;
  conversionRate: number;
  credibleInterval: [number, number];
  probabilityToBeBest: number;
}

export interface ExperimentView {
  id: string;
  pageId: string;
  name: string;
  mode: Experiment["mode"];
  status: ExperimentStatus;
  variants: VariantResult[];
  winner: string | null;
  /** About how many more visitors per variant a sound call needs (0: enough). */
  visitorsNeeded: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export async function variantCounts(exp: Experiment): Promise<Counts[]> {
  return await Promise.all(exp.variants.map(async (v) => ({
    visitors: await readCounter(keys.experimentVisitors(exp.id, v.id)),
    conversions: await readCounter(keys.experimentConversions(exp.id, v.id)),
  })));
}

/**
 * The Monte Carlo figures of some counts, remembered: they are deterministic (seeded), cost a few
 * milliseconds of CPU, and a live results page asks again after every change.
 */
const statsMemo = new Map<string, { pBest: number[]; intervals: [number, number][] }>();
function statsOf(counts: Counts[]) {
  const key = JSON.stringify(counts);
  let hit = statsMemo.get(key);
  if (!hit) {
    hit = { pBest: probabilityToBeBest(counts), intervals: counts.map((c) => credibleInterval(c)) };
    if (statsMemo.size >= 1000) statsMemo.clear();
    statsMemo.set(key, hit);
  }
  return hit;
}

/** The API's view: counts, rates, credible intervals, probability to be best, the winner. */
export async function experimentView(exp: Experiment): Promise<ExperimentView> {
  const counts = await variantCounts(exp);
  const { pBest, intervals } = statsOf(counts);
  const best = pBest.indexOf(Math.max(...pBest));
  const sound = counts.every((c) => c.visitors >= MIN_VISITORS) &&
    pBest[best] >= DECISION_PROBABILITY;
  return {
    id: exp.id,
    pageId: exp.pageId,
    name: exp.name,
    mode: exp.mode,
    status: exp.status,
    variants: exp.variants.map((v, i) => ({
      id: v.id,
      name: v.name,
      weight: v.weight,
      visitors: counts[i].visitors,
      conversions: counts[i].conversions,
      conversionRate: counts[i].visitors ? counts[i].conversions / counts[i].visitors : 0,
      credibleInterval: intervals[i],
      probabilityToBeBest: pBest[i],
    })),
    winner: exp.promotedVariantId ?? (sound ? exp.variants[best].id : null),
    visitorsNeeded: visitorsStillNeeded(counts, pBest),
    createdAt: exp.createdAt,
    startedAt: exp.startedAt,
    endedAt: exp.endedAt,
  };
}

/** Delete every experiment of a page with its chunks, claim and counters (account deletion). */
export async function deletePageExperiments(pageId: string): Promise<void> {
  for await (const e of kv().list<Experiment>({ prefix: keys.experiments(pageId) })) {
    const whole = await getLarge<Experiment>(e.key);
    const op = deleteLarge(kv().atomic(), e.key, whole);
    for (const v of whole.value?.variants ?? []) {
      op.delete(keys.experimentVisitors(e.key[2] as string, v.id))
        .delete(keys.experimentConversions(e.key[2] as string, v.id));
    }
    await op.commit();
  }
  await kv().delete(keys.runningExperiment(pageId));
}
