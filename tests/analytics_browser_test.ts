// The analytics page in Chromium: figures and charts that grow live while it is open, the range
// buttons (7/30/90/custom), top sources and devices, the CSV export; the dashboard's summary
// card; the leads table's source and variant.
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { hostRequest } from "./_helpers.ts";
import { flushBuffered } from "../lib/kv/index.ts";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const statIs = (key: string, text: string) =>
  document.querySelector(`[data-stat="${key}"]`)?.textContent === text;

browserTest(
  "analytics page in Chromium: live figures, ranges, sources, devices, CSV; dashboard card; lead sources",
  { TRUST_PROXY: "1" },
  async (server, browser) => {
    const owner = server.client();
    const email = "analyst@example.com";
    await owner.register(email);
    const created = (await owner.post("/api/pages", { name: "Launch", slug: "an-browser" })).body
      .page;
    await owner.put(`/api/pages/${created.id}`, {
      version: 1,
      content: {
        blocks: [{
          id: "signup",
          type: "form",
          props: {
            title: "Join",
            fields: [{ name: "email", label: "Email", type: "email", required: true }],
            submitText: "Join",
            successMessage: "Thanks!",
          },
        }],
      },
    });
    await owner.post(`/api/pages/${created.id}/publish`);
    const host = `an-browser.${server.sitesDomain}`;
    const visit = (path: string, ip: string, ua = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130") =>
      hostRequest(server.port, host, path, {
        headers: { "x-forwarded-for": ip, "user-agent": ua },
      });
    await visit("/", "192.0.2.1");
    await flushBuffered();

    const tab = await signedIn(browser, server.origin, email, "password123");
    await tab.goto(`${server.origin}/pages/${created.id}/analytics`);
    await tab.waitForFunction(statIs, {}, "visitors", "1");
    await tab.waitForFunction(() => document.body.textContent?.includes("Live"));
    assert.equal(
      await tab.$$eval("[data-testid=analytics-chart-views] rect[data-day]", (r) => r.length),
      30,
    );

    // Visits and a lead while the page is open: the figures and today's bars move, no reload.
    const tagged = await visit("/?utm_source=newsletter&utm_campaign=nov", "192.0.2.2", IPHONE);
    await visit("/", "192.0.2.3");
    const fields = Object.fromEntries(
      [...tagged.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
        .map((m) => [m[1], m[2]]),
    );
    const post = await hostRequest(server.port, host, "/forms/signup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, _variant: "headline-b", email: "lead@example.com" })
        .toString(),
    });
    assert.equal(post.status, 303);
    await tab.waitForFunction(statIs, { timeout: 8000 }, "visitors", "3");
    await tab.waitForFunction(statIs, { timeout: 8000 }, "views", "3");
    await tab.waitForFunction(statIs, { timeout: 8000 }, "leads", "1");
    await tab.waitForFunction(statIs, {}, "conversionRate", "33.3%");
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(
      await tab.$eval(
        `[data-testid=analytics-chart-views] rect[data-day="${today}"]`,
        (r) => r.getAttribute("data-value"),
      ),
      "3",
    );
    const sources = await tab.$eval("[data-testid=analytics-sources]", (e) => e.textContent ?? "");
    assert.match(sources, /newsletter/);
    assert.match(sources, /direct/);
    assert.match(
      await tab.$eval("[data-testid=analytics-campaigns]", (e) => e.textContent ?? ""),
      /nov/,
    );
    assert.match(
      await tab.$eval("[data-device=mobile]", (e) => e.textContent ?? ""),
      /1 · 33\.3%/,
    );
    await tab.screenshot({ path: `${screenshotDir}analytics.png`, fullPage: true });

    // Ranges: 7 days, then a custom one in the past (empty).
    await tab.click("[data-range='7']");
    await tab.waitForFunction(() =>
      document.querySelectorAll("[data-testid=analytics-chart-views] rect[data-day]").length === 7
    );
    await tab.click("[data-range=custom]");
    await tab.waitForSelector("[data-testid=custom-range]");
    await tab.$eval("input[name=from]", (e) => {
      const input = e as HTMLInputElement;
      input.value = "2026-01-01";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await tab.$eval("input[name=to]", (e) => {
      const input = e as HTMLInputElement;
      input.value = "2026-01-10";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await tab.click("[data-testid=custom-range] button[type=submit]");
    await tab.waitForFunction(statIs, {}, "visitors", "0");
    assert.match(
      await tab.$eval("[data-testid=analytics-range]", (e) => e.textContent ?? ""),
      /2026-01-01 – 2026-01-10/,
    );
    await tab.click("[data-range='90']");
    await tab.waitForFunction(statIs, {}, "visitors", "3");

    // The CSV of the range shown.
    const href = await tab.$eval("[data-testid=analytics-csv]", (a) => a.getAttribute("href"));
    const csv = await tab.evaluate(async (u) => await (await fetch(u!)).text(), href);
    assert.match(csv, /^date,views,visitors,leads,conversionRate\r\n/);
    assert.ok(csv.includes(`${today},3,3,1,0.3333`), csv.slice(-200));

    // The dashboard's summary card links here.
    await tab.goto(`${server.origin}/dashboard`);
    const card = await tab.$eval("[data-testid=analytics-summary]", (e) => e.textContent ?? "");
    assert.match(card, /3 visitors/);
    assert.match(card, /Launch/);

    // The leads table: source (with campaign) and variant.
    await tab.goto(`${server.origin}/pages/${created.id}/leads`);
    assert.match(
      await tab.$eval("[data-testid=lead-source]", (e) => e.textContent ?? ""),
      /newsletter.*nov/,
    );
    assert.equal(await tab.$eval("[data-testid=lead-variant]", (e) => e.textContent), "headline-b");
  },
);
