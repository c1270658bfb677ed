// /api/campaigns: the signed-in owner's email campaigns (another user's is a 404): create, edit
// a draft, preview (nothing sent), send a test to oneself, and send to the audience through the
// queue. /api/audience (below, mounted apart): how many of the owner's leads a filter covers.
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import {
  audienceFilterSchema,
  campaignInputSchema,
  countAudience,
  createCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  sendCampaign,
  testSendCampaign,
  updateCampaign,
} from "../../lib/campaigns/index.ts";
import { invalid } from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  return c.json(await listCampaigns(user.id, listParams(c.req.query())));
});

app.post("/", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, campaignInputSchema);
  return c.json({ campaign: await createCampaign(user.id, input) }, 201);
});

app.post("/preview", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, campaignInputSchema);
  return c.json({ preview: await previewCampaign(user.id, input) });
});

app.get("/:id", async (c) => {
  const user = requireUser(c);
  return c.json({ campaign: await getCampaign(user.id, c.req.param("id")) });
});

app.put("/:id", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, campaignInputSchema);
  return c.json({ campaign: await updateCampaign(user.id, c.req.param("id"), input) });
});

app.post("/:id/test", async (c) => {
  const user = requireUser(c);
  return c.json(await testSendCampaign(user.id, c.req.param("id")));
});

app.post("/:id/send", async (c) => {
  const user = requireUser(c);
  return c.json({ campaign: await sendCampaign(user.id, c.req.param("id")) }, 202);
});

export default app;

/** GET /api/audience?pageId=&status=&tag=&consent=yes|no → { count, reachable, complete }. */
export const audienceApi = new Hono<AppEnv>();
audienceApi.get("/", async (c) => {
  const user = requireUser(c);
  const parsed = audienceFilterSchema.safeParse(c.req.query());
  if (!parsed.success) {
    throw invalid(
      "Invalid audience filter",
      Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
    );
  }
  return c.json(await countAudience(user.id, parsed.data));
});
