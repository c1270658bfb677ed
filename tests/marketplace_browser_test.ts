import assert from "node:assert/strict";
import { browserTest, screenshotDir } from "./_browser.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";

browserTest(
  "buyer in Chromium: search → detail → buy → test checkout → order → edit the copy",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const { listing, seller } = await approvedListing(server, admin, 3900, "Aurora Startup Kit");
    await approvedListing(server, admin, 1500, "Plain Portfolio");
    const buyer = server.client();
    await buyer.register("shopper@example.com", "Shopper");

    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/auth/login`);
    await page.type("input[name=email]", "shopper@example.com");
    await page.type("input[name=password]", "password123");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

    await page.goto(`${server.origin}/marketplace`);
    await page.type("input[name=q]", "aurora");
    await Promise.all([
      page.waitForNavigation(),
      page.click("form[role=search] button[type=submit]"),
    ]);
    const titles = await page.$$eval(
      "[data-testid=listing-card] h3",
      (els) => els.map((e) => e.textContent),
    );
    assert.deepEqual(titles, ["Aurora Startup Kit"]);
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=listing-card]")]);
    assert.ok(page.url().endsWith(`/marketplace/${listing.id}`));
    // The live preview opens on request and then shows the published template.
    const frame = await page.$("iframe[title^='Live preview']");
    assert.ok(frame, "a live preview of the template");
    assert.equal(
      await page.$eval("[data-testid=live-preview]", (d) => (d as HTMLDetailsElement).open),
      false,
      "closed until asked for",
    );
    assert.doesNotMatch((await frame.contentFrame())!.url(), /^http/, "and not loaded");
    await page.click("[data-testid=live-preview] summary");
    await page.waitForFunction(() => {
      const f = document.querySelector<HTMLIFrameElement>("iframe[title^='Live preview']");
      return f && f.getBoundingClientRect().height > 500;
    }, { timeout: 5000 });
    const preview = await (await frame.contentFrame())!.waitForSelector("h1", { timeout: 10000 });
    assert.ok((await preview!.evaluate((e) => e.textContent))!.length > 0, "the page's headline");
    await page.screenshot({ path: `${screenshotDir}marketplace-detail.png` });

    await Promise.all([page.waitForNavigation(), page.click("[data-testid=buy]")]);
    assert.match(page.url(), /\/checkout\/test\//);
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=pay]")]);
    assert.match(page.url(), /\/checkout\/success/);
    await page.waitForSelector("[data-testid=to-orders]");
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=to-orders]")]);
    const orders = await page.$$eval(
      "[data-testid=order]",
      (els) => els.map((e) => e.textContent),
    );
    assert.equal(orders.length, 1);
    assert.match(orders[0]!, /Aurora Startup Kit/);
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=edit-copy]")]);
    assert.match(page.url(), /\/pages\/[0-9A-Z]+\/edit$/);
    await page.waitForSelector("[data-testid=canvas] h1[data-field=headline]");
    assert.equal(
      await page.$eval("[data-testid=canvas] h1[data-field=headline]", (e) => e.textContent),
      "Aurora Startup Kit headline",
    );
    const sales = await seller.get("/api/sales");
    assert.equal(sales.body.balance.held, 3900 - 390);

    // On a phone, no page of the app scrolls sideways: the navigation gets its own row.
    await page.setViewport({ width: 375, height: 800 });
    for (const path of ["/marketplace", `/marketplace/${listing.id}`, "/orders", "/dashboard"]) {
      await page.goto(`${server.origin}${path}`);
      const [scroll, viewport] = await page.evaluate(
        () => [document.documentElement.scrollWidth, innerWidth],
      );
      assert.ok(scroll <= viewport, `${path} is ${scroll}px wide on a ${viewport}px phone`);
    }
    await page.goto(`${server.origin}/marketplace`);
    await page.screenshot({ path: `${screenshotDir}marketplace-phone.png` });
  },
);
