import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { hostRequest } from "./_helpers.ts";
import { browserTest, screenshotDir } from "./_browser.ts";

const blockTypes = (page: Page) =>
  page.$$eval(
    "[data-testid=canvas] [data-block-id]",
    (els) => els.map((e) => e.getAttribute("data-block-type")),
  );

async function waitSaved(page: Page) {
  await page.waitForFunction(
    () =>
      document.querySelector("[data-testid=save-state]")?.getAttribute("data-state") === "saved",
    { timeout: 10_000 },
  );
}

browserTest(
  "editor in Chromium: starter layout, reorder, edit headline, autosave, publish, phone view, no script runs",
  {},
  async (server, browser) => {
    const dialogs: string[] = [];
    const page = await browser.newPage();
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.setViewport({ width: 1400, height: 900 });

    // Sign up through the real form.
    await page.goto(`${server.origin}/auth/register`);
    await page.type("input[name=name]", "Eddie Editor");
    await page.type("input[name=email]", "eddie@example.com");
    await page.type("input[name=password]", "password123");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    assert.match(page.url(), /\/dashboard/);

    // Create a page from the SaaS starter layout.
    await page.goto(`${server.origin}/pages`);
    await page.type("input[name=name]", "Browser Launch");
    await page.click("input[name=templateId][value=saas]");
    await Promise.all([
      page.waitForNavigation(),
      page.click("[data-testid=create-from-starter]"),
    ]);
    assert.match(page.url(), /\/pages\/[0-9A-Z]+\/edit$/);
    const pageId = page.url().split("/").at(-2)!;
    await page.waitForSelector("[data-testid=canvas] [data-block-type=hero]");
    const before = await blockTypes(page);
    assert.deepEqual(before.slice(0, 3), ["hero", "features", "pricing"]);

    // Reorder: move "features" above "hero" with the keyboard, then back down with a button.
    await page.focus("[data-block-type=features]");
    await page.keyboard.down("Alt");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.up("Alt");
    assert.deepEqual((await blockTypes(page)).slice(0, 2), ["features", "hero"]);
    await page.click("[data-block-type=pricing]");
    const up = await page.waitForSelector("[data-block-type=pricing] [data-action=up]", {
      visible: true,
    });
    await up!.click();
    assert.deepEqual((await blockTypes(page)).slice(0, 3), ["features", "pricing", "hero"]);

    // Edit the headline in place.
    const headline = "[data-block-type=hero] h1[data-field=headline]";
    await page.click(headline);
    await page.evaluate((sel) => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(sel)!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, headline);
    await page.keyboard.type("Launch day is here <script>alert(1)</script>");
    await page.keyboard.press("Enter");
    await waitSaved(page);

    // Undo and redo the headline edit.
    await page.click("button[aria-label=Undo]");
    assert.notEqual(
      await page.$eval(headline, (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );
    await page.click("button[aria-label=Redo]");
    assert.equal(
      await page.$eval(headline, (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );

    // Add an HTML block with an injection attempt through the settings panel.
    await page.click("[data-add=html]");
    await page.waitForSelector("aside[aria-label=Settings] textarea");
    await page.$eval(
      "aside[aria-label=Settings] textarea",
      (el) => (el as HTMLTextAreaElement).value = "",
    );
    await page.type(
      "aside[aria-label=Settings] textarea",
      `<p id="custom">Hello</p><img src=x onerror="alert(2)">`,
    );
    await waitSaved(page);
    await page.click("[data-device=mobile]");
    await page.screenshot({ path: `${screenshotDir}editor.png` });

    const stored = await (await fetch(`${server.origin}/api/pages/${pageId}`, {
      headers: { cookie: (await page.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") },
    })).json();
    assert.deepEqual(
      stored.page.content.blocks.slice(0, 3).map((b: { type: string }) => b.type),
      ["features", "pricing", "hero"],
    );
    assert.equal(
      stored.page.content.blocks[2].props.headline,
      "Launch day is here <script>alert(1)</script>",
    );

    // Publish and open the live site at phone width.
    await page.click("[data-testid=publish]");
    await page.waitForSelector("[data-testid=live-url]", { timeout: 10_000 });
    const liveUrl = await page.$eval(
      "[data-testid=live-url]",
      (a) => (a as HTMLAnchorElement).href,
    );
    assert.match(liveUrl, /^http:\/\/browser-launch\./);
    const site = await browser.newPage();
    site.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await site.setViewport({ width: 390, height: 844, isMobile: true });
    await site.goto(liveUrl, { waitUntil: "load" });
    assert.equal(
      await site.$eval("h1", (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );
    assert.equal(await site.$("script"), null, "no script on the published page");
    assert.equal(await site.$eval("#custom", (e) => e.textContent), "Hello");
    assert.equal(await site.$("img[onerror]"), null);
    const overflow = await site.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page fits a phone (overflow ${overflow}px)`);
    await site.screenshot({ path: `${screenshotDir}published-phone.png`, fullPage: true });
    const viaHost = await hostRequest(server.port, new URL(liveUrl).host, "/");
    assert.equal(viaHost.status, 200);
    assert.deepEqual(dialogs, [], "no injected script ran");
  },
);
