// axe-core (WCAG 2.0/2.1 A and AA, best practice) on every page of the app and on every starter
// as published: one browser, one tab per visitor, every page checked before the test fails, so a
// run lists all the violations at once.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { browserTest, signedIn } from "./_browser.ts";
import { axeViolations } from "./_axe.ts";
import { hostRequest } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { STARTERS } from "../lib/pages/starters.ts";

browserTest(
  "axe-core finds no WCAG 2.1 A/AA or best-practice violation on any page",
  ADMIN_ENV,
  async (server, browser) => {
    const o = server.origin;
    const admin = await adminClient(server);
    const { listing, page, seller, sellerUser } = await approvedListing(server, admin, 4900);

    // Every starter published by the seller; a lead on the first form found, for the leads page.
    const published: { id: string; slug: string }[] = [];
    for (const s of STARTERS) {
      const slug = `a11y-${s.id}`;
      const res = await seller.post("/api/pages", { name: s.name, slug, templateId: s.id });
      assert.equal(res.status, 201, res.text);
      assert.equal((await seller.post(`/api/pages/${res.body.page.id}/publish`)).status, 200);
      published.push({ id: res.body.page.id, slug });
    }
    const saas = published.find((p) => p.slug === "a11y-saas")!;
    const formId = (await seller.get(`/api/pages/${saas.id}`)).body.page.content.blocks
      .find((b: { type: string }) => b.type === "form").id;
    const lead = await hostRequest(
      server.port,
      `${saas.slug}.${server.sitesDomain}`,
      `/forms/${formId}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Ann", email: "ann@example.com" }),
      },
    );
    assert.equal(lead.status, 201, lead.text);

    const failures: string[] = [];
    let checked = 0;
    const check = async (tab: Page, url: string, ready?: string) => {
      const res = await tab.goto(url, { waitUntil: "load" });
      assert.ok(res && res.status() < 400, `${url}: ${res?.status()}`);
      if (ready) await tab.waitForSelector(ready, { timeout: 5000 });
      checked++;
      for (const v of await axeViolations(tab)) {
        failures.push(
          `${url}\n  ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join("\n    ")}`,
        );
      }
    };

    const anon = await (await browser.createBrowserContext()).newPage();
    await anon.setViewport({ width: 1280, height: 900 });
    for (const path of ["/", "/marketplace", `/marketplace/${listing.id}`, "/auth/login"]) {
      await check(anon, o + path);
    }
    for (const path of ["/auth/register", "/auth/reset", "/auth/reset?token=x"]) {
      await check(anon, o + path);
    }
    for (const p of published) await check(anon, `http://${p.slug}.${server.sitesDomain}/`);
    const handle = await seller.put("/api/sellers/me", { handle: "a11y-shop", bio: "Pages." });
    assert.equal(handle.status, 200, handle.text);
    await check(anon, `${o}/s/a11y-shop`);

    const me = await signedIn(browser, o, sellerUser.email, "password123");
    for (
      const path of [
        "/dashboard",
        "/pages",
        `/pages/${saas.id}/leads`,
        `/pages/${page.id}/domains`,
        `/pages/${page.id}/integrations`,
        "/sales",
        "/orders",
        "/account",
        "/marketplace/sell",
        `/marketplace/${listing.id}/edit`,
        `/pages/${saas.id}/preview`,
        "/checkout/cancel",
        "/checkout/cart",
        `/pages/${saas.id}/analytics`,
        `/pages/${saas.id}/experiments`,
        "/campaigns",
        "/conversations",
      ]
    ) await check(me, o + path);
    await check(me, `${o}/pages/${saas.id}/edit`, "[data-testid=canvas] [data-block-type=hero]");
    await check(me, `${o}/support`);

    const root = await signedIn(browser, o, "root@example.com", "rootpassword");
    for (
      const path of [
        "/admin",
        "/admin/audit",
        "/admin/users",
        `/admin/users/${sellerUser.id}`,
        "/admin/marketplace",
        "/admin/orders",
        "/admin/payouts",
        "/admin/outbox",
        "/admin/support",
        "/admin/faqs",
      ]
    ) await check(root, o + path);

    assert.ok(checked >= 30, `checked ${checked} pages`);
    if (failures.length) {
      throw new Error(`axe-core: ${failures.length} violation(s)\n${failures.join("\n")}`);
    }
  },
);

browserTest(
  "keyboard: skip link first, then the editor's checks listed and a jump to the block",
  {},
  async (server, browser) => {
    const owner = server.client();
    const user = await owner.register();
    const { page } = (await owner.post("/api/pages", { name: "Keys", slug: "keys-a11y" })).body;
    await owner.put(`/api/pages/${page.id}`, {
      version: 1,
      content: {
        blocks: [
          { id: "h", type: "hero", props: { headline: "Hi", subheadline: "" } },
          { id: "img", type: "image", props: { src: "https://example.com/a.png", alt: "" } },
        ],
      },
    });
    const tab = await signedIn(browser, server.origin, user.email, "password123");
    await tab.goto(`${server.origin}/dashboard`);
    await tab.keyboard.press("Tab");
    const first = await tab.evaluate(() => ({
      text: document.activeElement?.textContent?.trim(),
      href: document.activeElement?.getAttribute("href"),
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    assert.deepEqual(first, { text: "Skip to content", href: "#main", outline: "solid" });

    await tab.goto(`${server.origin}/pages/${page.id}/edit`);
    await tab.waitForSelector("[data-testid=canvas] [data-block-type=hero]", { timeout: 5000 });
    const checks = await tab.waitForSelector("[data-testid=tab-checks]", { timeout: 5000 });
    assert.match(await checks!.evaluate((e) => e.textContent ?? ""), /checks2 ?problems/i);
    // Publishing goes through with the warnings, and the Checks tab lists them.
    await tab.click("[data-testid=publish]");
    await tab.waitForSelector("[data-testid=audit]", { timeout: 5000 });
    const text = await tab.$eval("[data-testid=audit]", (e) => e.textContent ?? "");
    assert.match(text, /Published with 2 warning/);
    assert.match(text, /Image has no alt text/);
    assert.match(text, /No description/);
    assert.equal((await owner.get(`/api/pages/${page.id}`)).body.page.status, "published");
    // From the keyboard: focus the image's "Go to the block" and press Enter.
    const jump = (await tab.$$("[data-testid=audit-jump]"))[1];
    await jump.focus();
    await tab.keyboard.press("Enter");
    await tab.waitForSelector("[data-block-id=img].ring-2", { timeout: 3000 });
    assert.equal(await tab.$eval("[role=tab][aria-selected=true]", (e) => e.textContent), "block");
  },
);
