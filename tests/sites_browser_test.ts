// A countdown on a published page: the one block that needs script. The page carries one small
// script that the sites' CSP allows by its hash, and it ticks in the reader's browser.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { hostRequest } from "./_helpers.ts";
import { browserTest, screenshotDir } from "./_browser.ts";

browserTest(
  "published countdown ticks in Chromium under the sites' CSP",
  {},
  async (server, browser) => {
    const owner = server.client();
    await owner.register();
    const target = new Date(Date.now() + 2 * 86400_000 + 5 * 3600_000).toISOString();
    const { page } = (await owner.post("/api/pages", { name: "Launch", slug: "tick-tock" })).body;
    await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      content: {
        blocks: [
          { id: "h", type: "hero", props: { headline: "Launching soon" } },
          { id: "c", type: "countdown", props: { title: "Doors open in", target } },
        ],
      },
    });
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const host = `tick-tock.${server.sitesDomain}`;

    // Over HTTP: one inline script, and the CSP names exactly its hash (no 'unsafe-inline').
    const res = await hostRequest(server.port, host, "/");
    const scripts = [...res.text.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1);
    const hash = createHash("sha256").update(scripts[0]).digest("base64");
    const csp = String(res.headers["content-security-policy"]);
    assert.match(
      csp,
      new RegExp(`script-src 'sha256-${hash.replace(/[+/]/g, "\\$&")}'( 'sha256-[^']+')*(;|$)`),
    );
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe/);
    assert.match(res.text, /Until [A-Z][a-z]+ \d+, \d{4}/, "without script, the moment itself");

    // In the browser the time left is shown and counts down.
    const tab = await browser.newPage();
    const refused: string[] = [];
    tab.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await tab.goto(`http://${host}/`);
    const shown = () => tab.$eval(".lh-countdown", (e) => e.textContent ?? "");
    const first = await shown();
    assert.match(first, /^2d 0[45]h \d\dm \d\ds$/);
    await tab.waitForFunction(
      (before) => document.querySelector(".lh-countdown")?.textContent !== before,
      { timeout: 3000 },
      first,
    );
    assert.deepEqual(refused, []);
    await tab.screenshot({ path: `${screenshotDir}published-countdown.png` });
  },
);
