// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The experiments UI in Chromium: create an experiment with two variants and weights, edit the
// challenger's headline in the page editor (saved to the variant, not the page), start it, see a
// visitor and a conversion arrive live in the results, and promote the winner in one click.
import assert from "node:assert/strict";
import { hostRequest } from "./_helpers.ts";
import { browserTest, signedIn } from "./_browser.ts";
import { flushBuffered } from "../lib/kv/index.ts";

browserTest(
  "experiments in Chromium: create, edit a variant in the editor, live results, promote",
  { FORM_RATE_PER_MINUTE: "0" },
  async (server, browser) => {
    const api = server.client();
    await api.register("abby@example.com", "Abby");
    const created = (await api.post("/api/pages", { name: "AB Page", slug: "ab-browser" })).body
      .page;
    await api.put(`/api/pages/${created.id}`, {
      version: 1,
      content: {
        blocks: [
          { id: "hero", type: "hero", props: { headline: "Original headline" } },
          {
            id: "signup",
            type: "form",
            props: { fields: [{ name: "email", label: "Email", type: "email", required: true }] },
          },
        ],
      },
    });
    await api.post(`/api/pages/${created.id}/publish`);
    const page = await signedIn(browser, server.origin, "abby@example.com", "password123");
    // Leaving the editor while its headline still has focus asks first (beforeunload): accept.
    page.on("dialog", (d) => d.accept());

    // Create: a name, the default two rows (Control / Variant B), weights 50/50.
    await page.goto(`${server.origin}/pages/${created.id}/experiments`);
    await page.type("input[name=name]", "Headline test");
    await Promise.all([
      page.waitForNavigation(),
      page.click("[data-testid=new-experiment] button[type=submit]"),
    ]);
    const eid = page.url().split("/").at(-1)!;
    await page.waitForSelector("[data-testid=experiment-results] [data-variant]");
    assert.equal(
      await page.$eval("[data-testid=experiment-status]", (e) => e.textContent),
      "draft",
    );

    // Edit Variant B in the same block editor; the save goes to the variant.
    await Promise.all([page.waitForNavigation(), page.click("[data-testid='edit-Variant B']")]);
    await page.waitForSelector("[data-testid=variant-banner]");
    const headline = "[data-block-type=hero] h1[data-field=headline]";
    await page.waitForSelector(headline);
    await page.click(headline);
    await page.evaluate((sel) => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(sel)!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, headline);
    await page.keyboard.type("Variant headline");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-state]")?.getAttribute("data-state") === "saved",
      { timeout: 10_000 },
    );
    const exp = (await api.get(`/api/pages/${created.id}/experiments/${eid}`)).body.experiment;
    const stored = (await api.get(`/api/pages/${created.id}`)).body.page;
    assert.equal(stored.content.blocks[0].props.headline, "Original headline", "page untouched");
    const variantB = exp.variants.find((v: any) => v.name === "Variant B");

    // Start from the experiment page; the results follow a visitor and a conversion live.
    await page.goto(`${server.origin}/pages/${created.id}/experiments/${eid}`);
    await Promise.all([page.waitForNavigation(), page.click("[data-testid=start]")]);
    await page.waitForFunction(
      () => document.querySelector("[data-testid=experiment-status]")?.textContent === "running",
    );
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=experiment-results] p")?.textContent?.startsWith(
          "Live",
        ),
      { timeout: 10_000 },
    );
    // Find a visitor who gets Variant B (the assignment is a hash of address and User-Agent).
    let ua = "";
    for (let i = 0; i < 200 && !ua; i++) {
      const candidate = `Mozilla/5.0 (X11; Linux x86_64) Firefox/${100 + i}.0`;
      const res = await hostRequest(server.port, `ab-browser.${server.sitesDomain}`, "/", {
        headers: { "user-agent": candidate },
      });
      if (res.text.includes(`value="${variantB.id}"`)) {
        assert.match(res.text, /Variant headline/);
        ua = candidate;
      }
    }
    assert.ok(ua, "some visitor is shown Variant B");
    await hostRequest(server.port, `ab-browser.${server.sitesDomain}`, "/forms/signup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": ua },
      body: `email=b%40example.com&_variant=${variantB.id}`,
    });
    await flushBuffered();
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-variant="${id}"] [data-stat=conversions]`)?.textContent ===
          "1",
      { timeout: 10_000 },
      variantB.id,
    );
    const verdict = await page.$eval("[data-testid=experiment-verdict]", (e) => e.textContent!);
    assert.match(verdict, /more visitors/);

    // Promote Variant B in one click: the page becomes it.
    await Promise.all([page.waitForNavigation(), page.click("[data-testid='promote-Variant B']")]);
    await page.waitForFunction(
      () => document.querySelector("[data-testid=experiment-status]")?.textContent === "promoted",
    );
    const live = await hostRequest(server.port, `ab-browser.${server.sitesDomain}`, "/", {
      headers: { "user-agent": ua },
    });
    assert.match(live.text, /Variant headline/);
  },
);
