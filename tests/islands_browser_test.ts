import assert from "node:assert/strict";
import { browserTest, screenshotDir } from "./_browser.ts";

browserTest(
  "an island hydrates in Chromium; a page without islands ships no script",
  {},
  async (server, browser) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.origin + "/", { waitUntil: "networkidle0" });
    const value = () => page.$eval("[data-testid=counter-value]", (el) => el.textContent);
    assert.equal(await value(), "3");
    const [, plus] = await page.$$("[data-island=Counter] button");
    await plus.click();
    await plus.click();
    assert.equal(await value(), "5", "a click changes what is shown");
    assert.deepEqual(errors, []);
    await page.screenshot({ path: `${screenshotDir}home.png` });

    const login = await fetch(server.origin + "/auth/login");
    const html = await login.text();
    assert.equal(login.status, 200);
    assert.doesNotMatch(
      html,
      /<script/i,
      "no JavaScript on a page without islands",
    );

    const asset = (await (await fetch(server.origin + "/")).text()).match(
      /src="(\/_static\/island-Counter-[^"]+)"/,
    )![1];
    const js = await fetch(server.origin + asset);
    await js.body?.cancel();
    assert.equal(
      js.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
  },
);
