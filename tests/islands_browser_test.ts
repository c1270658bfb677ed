import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";

const frameWidth = (page: Page) =>
  page.$eval("[data-testid=preview-frame]", (el) => el.getBoundingClientRect().width);

/** The page is no wider than the screen: nothing scrolls sideways. */
async function assertNoSidewaysScroll(page: Page, label: string) {
  const [scroll, viewport] = await page.evaluate(
    () => [document.documentElement.scrollWidth, innerWidth],
  );
  assert.ok(scroll <= viewport, `${label} is ${scroll}px wide on a ${viewport}px phone`);
}

/** Scrolled to the very bottom, the floating chat button covers none of the page's last line. */
async function assertChatButtonCoversNothing(page: Page, label: string) {
  const overlap = await page.evaluate(async () => {
    scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const button = document.querySelector("[data-testid=chat-widget-toggle]");
    if (!button) return "no chat button";
    const b = button.getBoundingClientRect();
    // The lowest piece of text or control on the page (the chat widget itself aside).
    let lowest: Element | null = null;
    let bottom = 0;
    for (const el of document.querySelectorAll("main *")) {
      const r = el.getBoundingClientRect();
      if (
        r.height > 0 && el.children.length === 0 && el.textContent?.trim() &&
        r.bottom > bottom
      ) {
        lowest = el;
        bottom = r.bottom;
      }
    }
    return lowest && bottom > b.top ? `"${lowest.textContent!.trim()}" ends at ${bottom}` : null;
  });
  assert.equal(overlap, null, `${label}: the chat button covers content (${overlap})`);
}

browserTest(
  "the home page: its preview island hydrates, popular templates show, phones get a menu and no sideways scroll; a page without islands ships no script",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    for (const [price, title] of [[3900, "Aurora Startup Kit"], [1500, "Plain Portfolio"]]) {
      await approvedListing(server, admin, price as number, title as string);
    }

    // Desktop, signed out: a click on "Phone" narrows the preview (only once hydrated).
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.origin + "/", { waitUntil: "networkidle0" });
    const device = () =>
      page.$eval("[data-testid=preview-frame]", (el) => el.getAttribute("data-device"));
    assert.equal(await device(), "desktop");
    const desktopWidth = await frameWidth(page);
    await page.click("[data-testid=device-phone]");
    assert.equal(await device(), "phone", "a click changes what is shown");
    // The preview hydrated on load (the click above worked); the chat launcher's script was not
    // loaded: it is fetched when the visitor reaches for the launcher, and the click that did so
    // still opens it.
    const loadedScripts = () =>
      page.evaluate(() =>
        performance.getEntriesByType("resource").map((e) => e.name).filter((n) =>
          n.includes("/_static/island-")
        )
      );
    assert.ok((await loadedScripts()).some((n) => n.includes("island-DevicePreview-")));
    assert.ok(!(await loadedScripts()).some((n) => n.includes("island-GuestChat-")));
    await page.click("[data-testid=guest-chat-toggle]");
    await page.waitForSelector("[data-testid=guest-chat-form]", { timeout: 5000 });
    assert.ok((await loadedScripts()).some((n) => n.includes("island-GuestChat-")));
    await page.click("[data-testid=guest-chat-toggle]");
    await page.waitForFunction(
      () => !document.querySelector("[data-testid=guest-chat-form]"),
      { timeout: 3000 },
    );
    // On a slow network a visitor clicks again while the script loads: the chat still opens
    // (each held click replayed would open it and close it again).
    const slow = await browser.newPage();
    await slow.setRequestInterception(true);
    slow.on("request", (r) => {
      if (r.url().includes("/_static/island-GuestChat-")) setTimeout(() => r.continue(), 800);
      else r.continue();
    });
    await slow.goto(server.origin + "/", { waitUntil: "networkidle0" });
    await slow.click("[data-testid=guest-chat-toggle]");
    await new Promise((r) => setTimeout(r, 100));
    await slow.click("[data-testid=guest-chat-toggle]");
    await slow.waitForSelector("[data-testid=guest-chat-form]", { timeout: 5000 });
    await slow.close();
    assert.equal(
      await page.$eval("[data-testid=device-phone]", (el) => el.getAttribute("aria-pressed")),
      "true",
    );
    await page.waitForFunction(
      (w: number) =>
        document.querySelector("[data-testid=preview-frame]")!.getBoundingClientRect().width <
          w * 0.5,
      { timeout: 3000 },
      desktopWidth,
    );
    await page.click("[data-testid=device-tablet]");
    assert.equal(await device(), "tablet");
    await page.click("[data-testid=device-desktop]");
    assert.equal(await device(), "desktop");
    await page.waitForFunction(
      (w: number) =>
        document.querySelector("[data-testid=preview-frame]")!.getBoundingClientRect().width === w,
      { timeout: 3000 },
      desktopWidth,
    );
    assert.deepEqual(errors, []);
    const titles = await page.$$eval(
      "[data-testid=showcase] [data-testid=listing-card] h3",
      (els) => els.map((e) => e.textContent),
    );
    assert.deepEqual(titles.sort(), ["Aurora Startup Kit", "Plain Portfolio"]);
    assert.equal(
      await page.$eval("[data-testid=mobile-menu]", (el) => el.checkVisibility()),
      false,
      "no Menu button on a wide screen",
    );
    await page.screenshot({ path: `${screenshotDir}home.png` });
    await page.screenshot({ path: `${screenshotDir}home-full.png`, fullPage: true });

    // The same page on a phone: no sideways scroll, a Menu disclosure with the links.
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await page.goto(server.origin + "/", { waitUntil: "networkidle0" });
    await assertNoSidewaysScroll(page, "/ signed out");
    assert.equal(await page.$eval("nav[aria-label=Main]", (el) => el.checkVisibility()), false);
    await page.screenshot({ path: `${screenshotDir}home-phone.png` });
    await page.screenshot({ path: `${screenshotDir}home-phone-full.png`, fullPage: true });
    await page.click("[data-testid=mobile-menu] summary");
    const menu = await page.$$eval(
      "[data-testid=mobile-menu] nav a",
      (els) => els.map((e) => [e.textContent, e.checkVisibility()]),
    );
    assert.deepEqual(menu, [["Marketplace", true], ["Sign in", true]]);
    await assertNoSidewaysScroll(page, "/ with the menu open");
    await page.screenshot({ path: `${screenshotDir}home-phone-menu.png` });

    // Signed in on a phone: the bell, a menu with every section on screen, sign out from it,
    // and the chat button leaves the end of every page readable.
    const email = "phone-user@example.com";
    await server.client().register(email, "Phoebe Phone");
    const user = await signedIn(browser, server.origin, email, "password123");
    await user.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    for (const path of ["/", "/dashboard", "/pages", "/marketplace", "/sales", "/orders"]) {
      // Signed in, pages hold an event stream open: the network never goes idle.
      await user.goto(server.origin + path);
      await user.waitForSelector("[data-testid=chat-widget-toggle]");
      await assertNoSidewaysScroll(user, `${path} signed in`);
      await assertChatButtonCoversNothing(user, `${path} signed in`);
    }
    await user.goto(server.origin + "/");
    assert.ok(await user.$eval("[data-testid=bell]", (el) => el.checkVisibility()));
    assert.match(
      await user.$eval("[data-testid=verify-banner]", (el) => el.textContent!),
      /Confirm your email.*phone-user@example\.com/,
    );
    await user.screenshot({ path: `${screenshotDir}home-phone-signed-in.png` });
    await user.click("[data-testid=mobile-menu] summary");
    const links = await user.$$eval(
      "[data-testid=mobile-menu] nav a",
      (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return [e.textContent, r.left >= 0 && r.right <= innerWidth && r.height > 0];
        }),
    );
    assert.deepEqual(links, [
      ["Dashboard", true],
      ["Pages", true],
      ["Marketplace", true],
      ["Orders", true],
      ["Sales", true],
      ["Campaigns", true],
      ["Conversations", true],
      ["Support", true],
    ]);
    await assertNoSidewaysScroll(user, "/ signed in, menu open");
    await user.screenshot({ path: `${screenshotDir}home-phone-signed-in-menu.png` });
    await Promise.all([
      user.waitForNavigation(),
      user.click("[data-testid=mobile-menu] form[action='/auth/logout'] button"),
    ]);
    assert.equal(await user.$("[data-testid=bell]"), null, "signed out from the menu");

    // Signed in on a desktop: the row of links, the account, a way to the dashboard.
    const wide = await signedIn(browser, server.origin, email, "password123");
    await wide.goto(server.origin + "/");
    assert.ok(await wide.$eval("nav[aria-label=Main]", (el) => el.checkVisibility()));
    assert.ok(await wide.$("a.btn[href='/dashboard']"), "the hero leads to the dashboard");
    await wide.screenshot({ path: `${screenshotDir}home-signed-in.png` });

    const login = await fetch(server.origin + "/auth/login");
    const html = await login.text();
    assert.equal(login.status, 200);
    assert.doesNotMatch(
      html,
      /<script/i,
      "no JavaScript on a page without islands",
    );

    const home = await (await fetch(server.origin + "/")).text();
    const scripts = [...home.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    // Signed out: the editor preview hydrates on load; the guest chat launcher (issue 18) names
    // its script for when the visitor reaches for it.
    assert.equal(scripts.length, 1, "signed out, the home page loads one island's script");
    assert.match(scripts[0], /^\/_static\/island-DevicePreview-/);
    assert.match(
      home,
      /data-island="GuestChat"[^>]*data-hydrate="interaction"[^>]*data-src="\/_static\/island-GuestChat-/,
    );
    const js = await fetch(server.origin + scripts[0]);
    await js.body?.cancel();
    assert.equal(
      js.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
  },
);
