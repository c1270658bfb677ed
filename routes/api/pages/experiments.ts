// /api/pages/:id/experiments: the owner's A/B experiments of one page (shared/API.md
// "Experiments"): create, read with results, start/stop/promote, a variant's content (the editor
// saves there) and a live results stream. Another user's page or experiment is a 404.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { requireUser } from "../../../lib/http/session.ts";
import {
  createExperiment,
  createExperimentSchema,
  experimentView,
  getExperiment,
  listExperiments,
  promoteSchema,
  promoteVariant,
  refreshPage,
  startExperiment,
  stopExperiment,
  updateVariantContent,
  variantContentSchema,
} from "../../../lib/experiments/index.ts";
import { sseResponse } from "../../../lib/realtime/index.ts";
import { experimentTopic } from "../../../lib/realtime/topics.ts";
import { getOwnPage } from "../../../lib/pages/index.ts";

const app = new Hono<AppEnv>();

app.post("/:id/experiments", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createExperimentSchema);
  const exp = await createExperiment(user.id, c.req.param("id"), input);
  return c.json({ experiment: await experimentView(exp) }, 201);
});

app.get("/:id/experiments", async (c) => {
  const user = requireUser(c);
  const items = await listExperiments(user.id, c.req.param("id"));
  return c.json({ items: await Promise.all(items.map(experimentView)), cursor: null });
});

app.get("/:id/experiments/:eid", async (c) => {
  const user = requireUser(c);
  const exp = await getExperiment(user.id, c.req.param("id"), c.req.param("eid"));
  return c.json({ experiment: await experimentView(exp) });
});

/** Start, stop and promote change what the published page serves: this process follows at once. */
const lifecycle = {
  start: (u: string, p: string, e: string) => startExperiment(u, p, e),
  stop: (u: string, p: string, e: string) => stopExperiment(u, p, e),
} as const;

for (const action of ["start", "stop"] as const) {
  app.post(`/:id/experiments/:eid/${action}`, async (c) => {
    const user = requireUser(c);
    const pageId = c.req.param("id");
    const exp = await lifecycle[action](user.id, pageId, c.req.param("eid"));
    await refreshPage(pageId);
    return c.json({ experiment: await experimentView(exp) });
  });
}

app.post("/:id/experiments/:eid/promote", async (c) => {
  const user = requireUser(c);
  const pageId = c.req.param("id");
  const { variantId } = await jsonBody(c, promoteSchema);
  const exp = await promoteVariant(user.id, pageId, c.req.param("eid"), variantId);
  await refreshPage(pageId);
  return c.json({ experiment: await experimentView(exp) });
});

/** The editor's save of a variant: answers in the editor's page shape (version = the variant's). */
app.put("/:id/experiments/:eid/variants/:vid", async (c) => {
  const user = requireUser(c);
  const pageId = c.req.param("id");
  const input = await jsonBody(c, variantContentSchema);
  const { variant } = await updateVariantContent(
    user.id,
    pageId,
    c.req.param("eid"),
    c.req.param("vid"),
    input,
  );
  await refreshPage(pageId);
  const page = await getOwnPage(user.id, pageId);
  return c.json({ page: { ...page, content: variant.content, version: variant.version }, variant });
});

app.get("/:id/experiments/:eid/events", async (c) => {
  const user = requireUser(c);
  const pageId = c.req.param("id");
  const eid = c.req.param("eid");
  await getExperiment(user.id, pageId, eid);
  return await sseResponse(c.req.raw, [experimentTopic(eid)], {
    stillAllowed: () => getExperiment(user.id, pageId, eid).then(() => true, () => false),
  });
});

export default app;
