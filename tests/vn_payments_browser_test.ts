// Buying a template priced in VND in Chromium through the VNPay and the MoMo test gateways:
// listing page → provider's page → Pay → back to the app → the order is delivered.
import assert from "node:assert/strict";
import { browserTest, screenshotDir } from "./_browser.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn } from "./_vn.ts";

browserTest(
  "buyer in Chromium pays in VND through the VNPay and MoMo test gateways",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const buyer = server.client();
    await buyer.register("nguoimua@example.com", "Người mua");
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/auth/login`);
    await page.type("input[name=email]", "nguoimua@example.com");
    await page.type("input[name=password]", "password123");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

    let held = 0;
    for (const [provider, title] of [["vnpay", "Trang đích Đà Nẵng"], ["momo", "Cà phê Sài Gòn"]]) {
      const { listing, seller } = await listingIn(server, admin, 199000, "vnd", title);
      await page.goto(`${server.origin}/marketplace/${listing.id}`);
      await Promise.all([page.waitForNavigation(), page.click(`[data-testid=buy-${provider}]`)]);
      assert.match(page.url(), new RegExp(`/checkout/${provider}/pay`));
      await page.waitForSelector(`[data-testid=${provider}-gateway]`);
      const text = await page.$eval(`[data-testid=${provider}-gateway]`, (e) => e.textContent);
      assert.match(text!, /199[.,]000/);
      await page.screenshot({ path: `${screenshotDir}${provider}-gateway.png` });
      await Promise.all([page.waitForNavigation(), page.click("[data-testid=pay]")]);
      assert.match(page.url(), /\/checkout\/success\?tx=/);
      await page.waitForSelector("[data-testid=to-orders]");
      held = (await seller.get("/api/sales")).body.balance.held;
      assert.equal(held, 179100, `${provider}: the seller's 90% is held`);
    }
    const orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.length, 2);
    assert.ok(orders.every((o: { status: string }) => o.status === "delivered"));
  },
);
