// Headless browsers, scripted HTTP clients and requests without a User-Agent are not views (and
// so not analytics visitors or experiment visitors, which count through the same test); an
// ordinary browser still is.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { flushViews, isBot } from "../lib/sites/index.ts";

const SCRIPTED = [
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/534.34 PhantomJS/2.1.1 Safari/534.34",
  "Puppeteer/22.0",
  "Mozilla/5.0 Playwright/1.40",
  "axios/1.6.2",
  "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
  "okhttp/4.12.0",
  "Java/17.0.2",
  "libwww-perl/6.72",
  "python-httpx/0.27.0",
  "Python/3.12 aiohttp/3.9.1",
  "Scrapy/2.11.0 (+https://scrapy.org)",
  "",
];

Deno.test("views: headless browsers, scripted clients and a missing User-Agent are not views", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Bots", slug: "bot-views" })).body.page;
    await owner.post(`/api/pages/${page.id}/publish`);
    const host = `bot-views.${server.sitesDomain}`;
    const viewCount = async () => {
      await flushViews();
      return (await owner.get(`/api/pages/${page.id}`)).body.page.viewCount;
    };
    for (const ua of SCRIPTED) {
      assert.ok(isBot(ua), `${JSON.stringify(ua)} is a bot`);
      const res = await hostRequest(server.port, host, "/", { headers: { "user-agent": ua } });
      assert.equal(res.status, 200);
    }
    // No User-Agent header at all.
    const bare = await hostRequest(server.port, host, "/", {
      headers: { "user-agent": undefined },
    });
    assert.equal(bare.status, 200);
    assert.equal(await viewCount(), 0, "none of these is a view");
    const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";
    assert.ok(!isBot(browser));
    await hostRequest(server.port, host, "/", { headers: { "user-agent": browser } });
    assert.equal(await viewCount(), 1, "a browser is");
  } finally {
    await server.close();
  }
});
