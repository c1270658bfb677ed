// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// In Chromium: "Get it free" on a free template, a purchase at the price a `?code=` link shows,
// and a bundle bought through the cart (one payment through the test checkout, one order each).
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn } from "./_vn.ts";

browserTest(
  "buyer in Chromium: free claim, discounted purchase by URL code, bundle through the cart",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const buyer = server.client();
    await buyer.register("cart-buyer@example.com", "Cart Buyer");
    const page = await signedIn(browser, server.origin, "cart-buyer@example.com", "password123");
    const go = (path: string) => page.goto(`${server.origin}${path}`);
    const clickAndWait = (sel: string) => Promise.all([page.waitForNavigation(), page.click(sel)]);

    // A free template: one click, no checkout, an order of 0.
    const free = await listingIn(server, admin, 0, "usd", "Free starter");
    await go(`/marketplace/${free.listing.id}`);
    assert.equal(await page.$eval("[data-testid=price]", (e) => e.textContent), "Free");
    await clickAndWait("[data-testid=get-free]");
    assert.match(page.url(), /\/checkout\/success\?tx=/);
    await page.waitForSelector("[data-testid=to-orders]");
    let orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.length, 1);
    assert.equal(orders[0].price, 0);

    // A link with ?code= shows the discounted price, and the checkout charges exactly that.
    const coded = await listingIn(server, admin, 5000, "usd", "Coded launch");
    const made = await coded.seller.post(`/api/marketplace/${coded.listing.id}/discounts`, {
      code: "LAUNCH30",
      percentOff: 30,
    });
    assert.equal(made.status, 201, made.text);
    await go(`/marketplace/${coded.listing.id}?code=launch30`);
    const shown = await page.$eval("[data-testid=price]", (e) => e.textContent ?? "");
    assert.match(shown, /\$35\.00/);
    assert.match(shown, /LAUNCH30/);
    await page.screenshot({ path: `${screenshotDir}listing-discount.png` });
    await clickAndWait("[data-testid=buy]");
    assert.match(page.url(), /\/checkout\/test\//);
    assert.match(await page.$eval("body", (e) => e.textContent ?? ""), /\$35\.00/);
    await clickAndWait("[data-testid=pay]");
    await page.waitForSelector("[data-testid=to-orders]");
    orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.find((o: any) => o.title === "Coded launch").price, 3500);
    assert.equal((await coded.seller.get("/api/sales")).body.balance.held, 3150);

    // Two sellers' templates in the cart, one payment.
    const a = await listingIn(server, admin, 1200, "usd", "Bundle alpha");
    const b = await listingIn(server, admin, 800, "usd", "Bundle beta");
    for (const l of [a, b]) {
      await go(`/marketplace/${l.listing.id}`);
      await clickAndWait("[data-testid=add-to-cart]");
      assert.match(page.url(), /\/checkout\/cart$/);
    }
    assert.equal((await page.$$("[data-testid=cart-item]")).length, 2);
    assert.match(
      await page.$eval("[data-testid=cart-total]", (e) => e.textContent ?? ""),
      /\$20\.00/,
    );
    await page.screenshot({ path: `${screenshotDir}cart.png` });
    await clickAndWait("[data-testid=cart-pay]");
    assert.match(page.url(), /\/checkout\/test\//);
    await clickAndWait("[data-testid=pay]");
    await page.waitForSelector("[data-testid=bundle-done]");
    orders = (await buyer.get("/api/orders")).body.items;
    assert.equal(orders.length, 4);
    assert.equal((await a.seller.get("/api/sales")).body.balance.held, 1080);
    assert.equal((await b.seller.get("/api/sales")).body.balance.held, 720);
    // Delivered templates leave the cart.
    await go("/checkout/cart");
    assert.equal((await page.$$("[data-testid=cart-item]")).length, 0);
  },
);
