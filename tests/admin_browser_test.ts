import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";

const statIs = (key: string, text: string) =>
  document.querySelector(`[data-stat="${key}"]`)?.textContent === text;
const chartSays = (title: string, text: string) =>
  document.querySelector(`[data-testid="chart-${title}"] figcaption`)?.textContent?.includes(text);

browserTest(
  "dashboards in Chromium: admin and seller figures update live while a purchase happens",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const { listing, page, sellerUser } = await approvedListing(server, admin, 5900, "Nova");
    const buyer = server.client();
    await buyer.register("buyer@example.com", "Bea");

    const adminPage = await signedIn(browser, server.origin, "root@example.com", "rootpassword");
    await adminPage.goto(`${server.origin}/admin`);
    await adminPage.waitForFunction(statIs, {}, "revenue", "$0.00");
    await adminPage.waitForFunction(chartSays, {}, "revenue", "$0.00 in 30 days");
    await adminPage.waitForFunction(() => document.body.textContent?.includes("Live"));

    const sellerPage = await signedIn(browser, server.origin, sellerUser.email, "password123");
    await sellerPage.goto(`${server.origin}/dashboard`);
    await sellerPage.waitForFunction(statIs, {}, `${page.id}:sales`, "0");
    await sellerPage.waitForFunction(() => document.body.textContent?.includes("Live"));

    const buyerPage = await signedIn(browser, server.origin, "buyer@example.com", "password123");
    await buyerPage.goto(`${server.origin}/marketplace/${listing.id}`);
    await Promise.all([buyerPage.waitForNavigation(), buyerPage.click("[data-testid=buy]")]);
    await Promise.all([buyerPage.waitForNavigation(), buyerPage.click("[data-testid=pay]")]);
    assert.match(buyerPage.url(), /\/checkout\/success/);

    // No reload: the figures change in place.
    await adminPage.waitForFunction(statIs, { timeout: 3000 }, "revenue", "$59.00");
    await adminPage.waitForFunction(statIs, { timeout: 3000 }, "platformFees", "$5.90");
    await adminPage.waitForFunction(statIs, { timeout: 3000 }, "orders", "1");
    // The 30-day charts grow today's bar from the same event.
    await adminPage.waitForFunction(chartSays, { timeout: 3000 }, "revenue", "$59.00 in 30 days");
    await adminPage.waitForFunction(chartSays, { timeout: 3000 }, "orders", "1 in 30 days");
    await adminPage.screenshot({ path: `${screenshotDir}admin-dashboard.png`, fullPage: true });
    await sellerPage.waitForFunction(statIs, { timeout: 3000 }, `${page.id}:sales`, "1");
    await sellerPage.waitForFunction(statIs, { timeout: 3000 }, `${page.id}:revenue`, "$59.00");
    await sellerPage.waitForFunction(statIs, { timeout: 3000 }, "balance", "$53.10");
    await sellerPage.waitForFunction(chartSays, { timeout: 3000 }, "sales", "1 in 30 days");
    await sellerPage.screenshot({ path: `${screenshotDir}seller-dashboard.png`, fullPage: true });

    // A refund from the orders console takes the figures back down.
    await adminPage.goto(`${server.origin}/admin/orders`);
    await Promise.all([
      adminPage.waitForNavigation(),
      adminPage.click("[data-testid=refund]"),
    ]);
    assert.match(await adminPage.content(), /Taken from the seller's held funds/);
    await Promise.all([
      adminPage.waitForNavigation(),
      adminPage.click("[data-testid=confirm-refund]"),
    ]);
    const stats = (await admin.get("/api/dashboard/stats")).body;
    assert.equal(stats.revenue, 0);
    assert.equal(stats.orders, 0);
    await sellerPage.waitForFunction(statIs, { timeout: 3000 }, `${page.id}:sales`, "0");
  },
);
