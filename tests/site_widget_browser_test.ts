// The support widget on a published page, in Chromium: a visitor opens the page (served by Host,
// under the sites' CSP), asks in the widget; the owner, signed in to the app in another browser
// context, sees the question in the Conversations inbox and answers; the widget shows the
// answer live, and the page's CSP refused nothing.
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";

browserTest(
  "the widget on a published page is answered live by its owner",
  {},
  async (server, browser) => {
    const owner = server.client();
    await owner.register("shop@example.com", "Shop Owner");
    const { page } = (await owner.post("/api/pages", { name: "Shop", slug: "ask-shop" })).body;
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: "Handmade mugs" } }] },
      seo: { supportWidget: true },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);

    const visitorCtx = await browser.createBrowserContext();
    const visitor = await visitorCtx.newPage();
    const refused: string[] = [];
    visitor.on("console", (m) => {
      if (/Content Security Policy|CORS|Failed/i.test(m.text())) refused.push(m.text());
    });
    await visitor.goto(`http://ask-shop.${server.sitesDomain}/`);
    await visitor.click("#lh-widget button[aria-expanded]");
    await visitor.type("#lh-widget textarea", "Are the mugs dishwasher safe?");
    await visitor.click("#lh-widget button[type=submit]");
    await visitor.waitForFunction(
      () =>
        document.querySelector('#lh-widget li[data-sender="user"]')?.textContent?.includes(
          "dishwasher",
        ),
      { timeout: 5000 },
    );

    const inbox = await signedIn(browser, server.origin, "shop@example.com", "password123");
    await inbox.goto(`${server.origin}/conversations`);
    await inbox.waitForFunction(
      () =>
        document.querySelector('[data-testid="conversation-messages"] li[data-sender="user"]')
          ?.textContent?.includes("dishwasher"),
      { timeout: 5000 },
    );
    await inbox.type("textarea[name=reply]", "Yes, all our mugs are dishwasher safe.");
    await inbox.click("[data-testid=send-answer]");
    await inbox.waitForFunction(
      () => document.querySelector('[data-testid="conversation-messages"] li[data-sender="admin"]'),
      { timeout: 5000 },
    );

    await visitor.waitForFunction(
      () =>
        document.querySelector('#lh-widget li[data-sender="admin"]')?.textContent?.includes(
          "all our mugs",
        ),
      { timeout: 5000 },
    );
    await visitor.screenshot({ path: `${screenshotDir}site-widget-answered.png` });
    assert.deepEqual(refused, []);
  },
);
