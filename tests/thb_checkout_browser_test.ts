// Buying a template priced in Thai baht in Chromium through the built-in Stripe test checkout, with
// the app in Thai: the price reads as Thai readers write baht, the order is delivered and the
// seller's 90 % is held in THB (issue 16's browser check for THB).
import assert from "node:assert/strict";
import { browserTest, screenshotDir } from "./_browser.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn } from "./_vn.ts";
import { formatMoneyIn } from "../lib/i18n/index.ts";

browserTest(
  "buyer in Chromium pays in THB through the Stripe test checkout, in Thai",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 12050, "thb", "หน้าเพจร้านกาแฟ");
    const buyer = server.client();
    await buyer.register("phuue@example.com", "ผู้ซื้อ");
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/auth/login?lang=th`);
    await page.type("input[name=email]", "phuue@example.com");
    await page.type("input[name=password]", "password123");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

    await page.goto(`${server.origin}/marketplace/${listing.id}`);
    assert.equal(await page.$eval("html", (e) => e.lang), "th");
    const body = await page.$eval("body", (e) => e.textContent ?? "");
    const price = formatMoneyIn(12050, "thb", "th");
    assert.ok(body.replace(/\s/g, " ").includes(price.replace(/\s/g, " ")), `price ${price}`);
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=buy]")]);
    assert.match(page.url(), /\/checkout\/test\//);
    await page.screenshot({ path: `${screenshotDir}thb-test-checkout.png` });
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=pay]")]);
    assert.match(page.url(), /\/checkout\/success/);
    await page.waitForSelector("[data-testid=to-orders]");

    const orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.length, 1);
    assert.equal(orders[0].status, "delivered");
    assert.equal(orders[0].currency, "thb");
    const sales = (await seller.get("/api/sales")).body;
    const thb = sales.balances.find((b: { currency: string }) => b.currency === "thb");
    assert.equal(thb?.held, 10845, "the seller's 90 % of ฿120.50 is held in baht");
  },
);
