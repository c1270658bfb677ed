// /api/sellers: storefronts. GET /:handle is public (a page of the seller's listings on sale, by
// cursor); GET/PUT /me read and set the signed-in user's own profile (handle, bio, avatar).
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { listParams } from "../../lib/kv/index.ts";
import { getSellerProfile, getStorefront, saveSellerProfile } from "../../lib/market/index.ts";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";

const app = new Hono<AppEnv>();

app.get("/me", signedIn, async (c) => {
  return c.json({ profile: await getSellerProfile(requireUser(c).id) });
});

app.put("/me", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, z.record(z.string(), z.unknown()));
  return c.json({ profile: await saveSellerProfile(user, input) });
});

app.get("/:handle", publicRoute, async (c) => {
  return c.json(await getStorefront(c.req.param("handle"), listParams(c.req.query())));
});

export default app;
