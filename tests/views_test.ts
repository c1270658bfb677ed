// View counting on published sites (shared/API.md "Analytics"): GETs answered with the page
// (200 or 304) count; HEAD, known bots and previews inside the app (the marketplace's iframe,
// revalidated or not) never do.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { flushViews } from "../lib/sites/index.ts";

Deno.test("views: HEAD, bots and in-app previews (200 or 304) are not views", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Views", slug: "counted-views" })).body
      .page;
    await owner.post(`/api/pages/${page.id}/publish`);
    const host = `counted-views.${server.sitesDomain}`;
    const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" };
    const get = (headers: Record<string, string> = {}, method = "GET") =>
      hostRequest(server.port, host, "/", { method, headers: { ...browser, ...headers } });
    const viewCount = async () => {
      await flushViews();
      return (await owner.get(`/api/pages/${page.id}`)).body.page.viewCount;
    };

    const first = await get();
    assert.equal(first.status, 200);
    const etag = String(first.headers.etag);
    assert.equal(await viewCount(), 1, "a visitor's GET is a view");

    const appPreview = { "sec-fetch-dest": "iframe", referer: `${server.origin}/marketplace/x` };
    assert.equal((await get({}, "HEAD")).status, 200);
    assert.equal((await get(appPreview)).status, 200);
    assert.equal((await get({ ...appPreview, "if-none-match": etag })).status, 304);
    assert.equal(
      (await get({ "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" })).status,
      200,
    );
    assert.equal(await viewCount(), 1, "HEAD, previews in the app and bots are not views");

    // A visitor's revalidation is a view, and so is the page framed by another site.
    assert.equal((await get({ "if-none-match": etag })).status, 304);
    assert.equal(
      (await get({ "sec-fetch-dest": "iframe", referer: "https://blog.example/post" })).status,
      200,
    );
    assert.equal(await viewCount(), 3);
  } finally {
    await server.close();
  }
});
