// Chromium: a seller sets up their storefront (handle, bio, avatar upload) in account settings
// and a visitor finds it at /s/:handle; a buyer posts a review and then edits it on the page.
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  ),
  (ch) => ch.charCodeAt(0),
);

browserTest(
  "seller in Chromium: storefront settings with an avatar → /s/:handle shows it",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const { sellerUser, listing } = await approvedListing(server, admin, 2900, "Lumen Kit");
    const page = await signedIn(browser, server.origin, sellerUser.email, "password123");
    await page.goto(`${server.origin}/account`);
    await page.type("[data-testid=storefront-form] input[name=handle]", "lumen-studio");
    await page.type(
      "[data-testid=storefront-form] textarea[name=bio]",
      "Bright pages for launches.",
    );
    const avatar = await Deno.makeTempFile({ suffix: ".png" });
    await Deno.writeFile(avatar, PNG);
    const input = await page.$("[data-testid=storefront-form] input[name=avatar]");
    // deno-lint-ignore no-explicit-any -- puppeteer's ElementHandle<Element> vs HTMLInputElement
    await (input as any).uploadFile(avatar);
    await Promise.all([
      page.waitForNavigation(),
      page.click("[data-testid=storefront-form] button[type=submit]"),
    ]);
    assert.match(page.url(), /done=storefront/);
    assert.match(await page.content(), /Your storefront is saved/);

    const visitor = await (await browser.createBrowserContext()).newPage();
    await visitor.goto(`${server.origin}/s/lumen-studio`);
    await visitor.waitForSelector("[data-testid=storefront]");
    assert.equal(
      await visitor.$eval("[data-testid=bio]", (e) => e.textContent),
      "Bright pages for launches.",
    );
    const src = await visitor.$eval("[data-testid=storefront] img", (e) => e.getAttribute("src"));
    assert.match(src ?? "", /^\/uploads\/[0-9A-Z]{26}$/);
    const loaded = await visitor.$eval(
      "[data-testid=storefront] img",
      (e) => (e as HTMLImageElement).naturalWidth,
    );
    assert.equal(loaded, 1, "the uploaded avatar loads");
    await visitor.screenshot({ path: `${screenshotDir}storefront.png` });
    await Promise.all([visitor.waitForNavigation(), visitor.click("[data-testid=listing-card]")]);
    assert.ok(visitor.url().endsWith(`/marketplace/${listing.id}`));
    // The listing page links back to the storefront.
    assert.ok(await visitor.$("a[href='/s/lumen-studio']"));
    const missing = await visitor.goto(`${server.origin}/s/no-such-seller`);
    assert.equal(missing?.status(), 404);
  },
);

browserTest(
  "buyer in Chromium: post a review, then edit it",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 1900, "Review Kit");
    const buyer = server.client();
    await buyer.register("reviewer@example.com", "Rae Viewer");
    const tx = (await buyer.post("/api/payment/create", { listingId: listing.id })).body;
    assert.equal(
      (await deliver(server, checkoutCompleted("evt_rb", tx.transactionId))).status,
      200,
    );

    const page = await signedIn(browser, server.origin, "reviewer@example.com", "password123");
    await page.goto(`${server.origin}/marketplace/${listing.id}`);
    const form = "[data-testid=review-form]";
    await page.waitForSelector(form);
    // Too short: the server refuses and says why.
    await page.select(`${form} select[name=rating]`, "3");
    await page.type(`${form} textarea[name=comment]`, "Fine");
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    assert.match(await page.content(), /at least 3 words/);
    await page.select(`${form} select[name=rating]`, "3");
    await page.$eval(
      `${form} textarea[name=comment]`,
      (e) => (e as HTMLTextAreaElement).value = "",
    );
    await page.type(`${form} textarea[name=comment]`, "Good but plain");
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    let reviews = await page.$$eval("[data-testid=review]", (els) => els.map((e) => e.textContent));
    assert.equal(reviews.length, 1);
    assert.match(reviews[0]!, /Good but plain/);

    // Edit: the form comes back filled in, and saving replaces the review.
    assert.equal(
      await page.$eval(`${form} textarea[name=comment]`, (e) => (e as HTMLTextAreaElement).value),
      "Good but plain",
    );
    assert.equal(
      await page.$eval(`${form} button[type=submit]`, (e) => e.textContent),
      "Update your review",
    );
    await page.select(`${form} select[name=rating]`, "5");
    await page.$eval(
      `${form} textarea[name=comment]`,
      (e) => (e as HTMLTextAreaElement).value = "",
    );
    await page.type(`${form} textarea[name=comment]`, "Great after the update");
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    reviews = await page.$$eval("[data-testid=review]", (els) => els.map((e) => e.textContent));
    assert.equal(reviews.length, 1);
    assert.match(reviews[0]!, /Great after the update/);
    assert.match(reviews[0]!, /\(edited\)/);
    const shown = (await server.client().get(`/api/marketplace/${listing.id}`)).body.listing;
    assert.deepEqual([shown.rating, shown.reviewCount], [5, 1]);
    await page.screenshot({ path: `${screenshotDir}review-edited.png` });
  },
);
