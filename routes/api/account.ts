// /api/account: the signed-in user's data rights (shared/API.md "Operations").
import { Hono } from "hono";
import { z } from "zod";
import { type AppEnv, jsonBody } from "../../lib/http/index.ts";
import { clearSessionCookies, requireUser } from "../../lib/http/session.ts";
import { deleteAccount, exportAccount } from "../../lib/account/index.ts";

const app = new Hono<AppEnv>();

export const deleteAccountSchema = z.object({ password: z.string().max(200) });

app.get("/export", async (c) => {
  const user = requireUser(c);
  const data = await exportAccount(user.id);
  return c.json(data, 200, {
    "content-disposition": `attachment; filename="landinghub-export-${user.id}.json"`,
    "cache-control": "no-store",
  });
});

app.delete("/", async (c) => {
  const user = requireUser(c);
  const { password } = await jsonBody(c, deleteAccountSchema);
  await deleteAccount(user.id, password);
  clearSessionCookies(c);
  return c.body(null, 204);
});

export default app;
