// Chromium under the app's CSP: the stylesheet visitors get inline and the editor canvas's <style>
// are allowed by their hashes, style attributes (island wrappers) still apply, and the browser
// reports no CSP violation on public pages, the dashboard or the editor.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { browserTest, signedIn } from "./_browser.ts";

/** Collects the page's CSP violations (directive and blocked URI) from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

browserTest(
  "app CSP in Chromium: inline stylesheet and editor canvas CSS allowed by hash, no violations",
  {},
  async (server, browser) => {
    const visitor = await (await browser.createBrowserContext()).newPage();
    const violations = await watchViolations(visitor);
    for (const path of ["/", "/marketplace", "/auth/register"]) {
      await visitor.goto(server.origin + path);
      assert.deepEqual(await violations(), [], path);
      assert.equal(await visitor.$("link[rel=stylesheet]"), null, `${path}: inline only`);
      // The app stylesheet applied: a primary button is brand-600.
      const bg = await visitor.$eval(".btn-primary", (e) => getComputedStyle(e).backgroundColor);
      assert.match(bg, /rgb\(79, 70, 229\)|oklch|color\(/, path);
    }
    await visitor.goto(server.origin + "/");
    const wrapper = await visitor.$eval("[data-island]", (e) => getComputedStyle(e).display);
    assert.equal(wrapper, "contents", "style attributes still apply");

    const client = server.client();
    const user = await client.register();
    const created = (await client.post("/api/pages", { name: "CSP check", templateId: "saas" }))
      .body.page;
    const seller = await signedIn(browser, server.origin, user.email, "password123");
    const sellerViolations = await watchViolations(seller);
    await seller.goto(`${server.origin}/dashboard`);
    assert.ok(await seller.$("link[rel=stylesheet]"), "signed in: the cached stylesheet");
    await seller.goto(`${server.origin}/pages/${created.id}/edit`);
    await seller.waitForSelector(".lh-canvas");
    assert.deepEqual(await sellerViolations(), [], "dashboard and editor");
  },
);
