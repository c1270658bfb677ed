// Shared fixtures of the experiment tests: a page with a hero and a sign-up form, published, and
// a started 50/50 split against a variant B.
import assert from "node:assert/strict";
import type { Client } from "./_helpers.ts";

/** A browser's User-Agent: bots are served but not counted. */
export const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";
export const formBlock = {
  id: "signup",
  type: "form",
  props: { fields: [{ name: "email", label: "Email", type: "email", required: true }] },
};
export const hero = (headline: string) => ({ id: "hero", type: "hero", props: { headline } });
/** The variant a served page names in its form's `_variant` field, or null without one. */
export const variantOf = (html: string) =>
  html.match(/name="_variant" value="([^"]+)"/)?.[1] ?? null;

/** `owner`'s page at `slug` with a hero headline and the form, published; its id. */
export async function publishedPage(owner: Client, slug: string, headline = "Original headline") {
  const page = (await owner.post("/api/pages", { name: "Exp", slug })).body.page;
  const put = await owner.put(`/api/pages/${page.id}`, {
    version: 1,
    content: { blocks: [hero(headline), formBlock] },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
  return page.id as string;
}

/** A started 50/50 split of the page against a variant B of `blocks`; the experiment. */
export async function startedSplit(owner: Client, pageId: string, name: string, blocks: unknown[]) {
  const exp = (await owner.post(`/api/pages/${pageId}/experiments`, {
    name,
    mode: "split",
    variants: [
      { name: "Control", weight: 50 },
      { name: "B", weight: 50, content: { blocks } },
    ],
  })).body.experiment;
  assert.equal((await owner.post(`/api/pages/${pageId}/experiments/${exp.id}/start`)).status, 200);
  return exp;
}
