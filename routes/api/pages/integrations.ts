// /api/pages/:id/integrations: the owner's webhooks of one page, test events, and the delivery log
// with manual retries (another user's page or webhook is a 404).
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { listParams } from "../../../lib/kv/index.ts";
import {
  createIntegration,
  createIntegrationSchema,
  deleteIntegration,
  getIntegration,
  listDeliveries,
  listIntegrations,
  patchIntegrationSchema,
  retryDelivery,
  sendTestEvent,
  setIntegrationActive,
} from "../../../lib/integrations/index.ts";
import { requireUser } from "../../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.post("/:id/integrations", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createIntegrationSchema);
  return c.json({ integration: await createIntegration(user.id, c.req.param("id"), input) }, 201);
});

app.get("/:id/integrations", async (c) => {
  const user = requireUser(c);
  return c.json({ items: await listIntegrations(user.id, c.req.param("id")), cursor: null });
});

app.get("/:id/integrations/:iid", async (c) => {
  const user = requireUser(c);
  return c.json({
    integration: await getIntegration(user.id, c.req.param("id"), c.req.param("iid")),
  });
});

app.patch("/:id/integrations/:iid", async (c) => {
  const user = requireUser(c);
  const { active } = await jsonBody(c, patchIntegrationSchema);
  return c.json({
    integration: await setIntegrationActive(
      user.id,
      c.req.param("id"),
      c.req.param("iid"),
      active,
    ),
  });
});

app.delete("/:id/integrations/:iid", async (c) => {
  const user = requireUser(c);
  await deleteIntegration(user.id, c.req.param("id"), c.req.param("iid"));
  return c.body(null, 204);
});

app.post("/:id/integrations/:iid/test", async (c) => {
  const user = requireUser(c);
  const delivery = await sendTestEvent(user.id, c.req.param("id"), c.req.param("iid"));
  return c.json({ delivery }, 202);
});

app.get("/:id/integrations/:iid/deliveries", async (c) => {
  const user = requireUser(c);
  return c.json(
    await listDeliveries(user.id, c.req.param("id"), c.req.param("iid"), listParams(c.req.query())),
  );
});

app.post("/:id/integrations/:iid/deliveries/:did/retry", async (c) => {
  const user = requireUser(c);
  const { id, iid, did } = c.req.param();
  return c.json({ delivery: await retryDelivery(user.id, id, iid, did) }, 202);
});

export default app;
