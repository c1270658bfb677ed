// /api/pages/:id/domains: the owner's custom hostnames of one page (contract: "Custom domains").
import { Hono } from "hono";
import { type AppEnv, jsonBody } from "../../../lib/http/index.ts";
import { requireUser } from "../../../lib/http/session.ts";
import {
  addDomain,
  addDomainSchema,
  listDomains,
  removeDomain,
  verifyDomain,
} from "../../../lib/domains/index.ts";

const app = new Hono<AppEnv>();

app.get("/:id/domains", async (c) => {
  const user = requireUser(c);
  return c.json({ items: await listDomains(user.id, c.req.param("id")) });
});

app.post("/:id/domains", async (c) => {
  const user = requireUser(c);
  const { hostname } = await jsonBody(c, addDomainSchema);
  return c.json({ domain: await addDomain(user.id, c.req.param("id"), hostname) }, 201);
});

app.post("/:id/domains/:hostname/verify", async (c) => {
  const user = requireUser(c);
  const domain = await verifyDomain(user.id, c.req.param("id"), c.req.param("hostname"));
  return c.json({ domain });
});

app.delete("/:id/domains/:hostname", async (c) => {
  const user = requireUser(c);
  await removeDomain(user.id, c.req.param("id"), c.req.param("hostname"));
  return c.body(null, 204);
});

export default app;
