// The app and a published page in Vietnamese and Thai in Chromium: the text is drawn with real
// glyphs (a system font that has them, from our font stacks), not boxes. Screenshots go to
// tests/screenshots/ (git-ignored) for a person to look at.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { browserTest, screenshotDir } from "./_browser.ts";

// Fonts of Linux, Windows and Android that have Thai glyphs (fonts-thai-tlwg, Noto, Microsoft).
const THAI_FONTS =
  /Garuda|Loma|Kinnari|Norasi|Sawasdee|Tlwg|Umpush|Waree|Purisa|Laksaman|Noto Sans Thai|Noto Serif Thai|Leelawadee|Tahoma|Sarabun/i;

/** The system fonts Chromium drew `selector`'s text with, and how many glyphs each drew. */
async function fontsOf(tab: Page, selector: string) {
  const cdp = await tab.createCDPSession();
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  assert.ok(nodeId, `no ${selector}`);
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

browserTest(
  "the app and a published page render Vietnamese and Thai text",
  {},
  async (server, browser) => {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });

    await tab.goto(`${server.origin}/?lang=th`);
    assert.equal(await tab.$eval("html", (e) => e.lang), "th");
    const h1 = await tab.$eval("h1", (e) => e.textContent ?? "");
    assert.ok(h1.includes("แลนดิ้งเพจ"), h1);
    const thai = await fontsOf(tab, "h1");
    assert.ok(
      thai.some((f) => THAI_FONTS.test(f.familyName) && f.glyphCount > 0),
      `Thai drawn with: ${JSON.stringify(thai)}`,
    );
    await tab.screenshot({ path: `${screenshotDir}i18n-home-th.png` });

    // The choice is remembered: the next page (no ?lang) is still Thai.
    await tab.goto(`${server.origin}/auth/login`);
    assert.equal(await tab.$eval("html", (e) => e.lang), "th");
    await tab.screenshot({ path: `${screenshotDir}i18n-login-th.png` });

    // The switcher's Vietnamese link.
    await Promise.all([tab.waitForNavigation(), tab.click('a[hreflang="vi"]')]);
    assert.equal(await tab.$eval("html", (e) => e.lang), "vi");
    assert.equal(await tab.$eval("h1", (e) => e.textContent), "Đăng nhập");
    const viet = await fontsOf(tab, "h1");
    assert.ok(viet.every((f) => f.familyName !== "" && f.glyphCount > 0), JSON.stringify(viet));
    await tab.screenshot({ path: `${screenshotDir}i18n-login-vi.png` });

    // A Thai published page.
    const owner = server.client();
    await owner.register();
    const { page } = (await owner.post("/api/pages", { name: "ร้านกาแฟ", slug: "ran-kafae" })).body;
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      content: {
        locale: "th",
        blocks: [{ id: "h", type: "hero", props: { headline: "กาแฟสดคั่วใหม่ทุกวัน" } }],
      },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const site = `http://ran-kafae.${server.sitesDomain}`;
    await tab.goto(site);
    assert.equal(await tab.$eval("html", (e) => e.lang), "th");
    const siteFonts = await fontsOf(tab, "h1");
    assert.ok(
      siteFonts.some((f) => THAI_FONTS.test(f.familyName) && f.glyphCount > 0),
      `Thai site drawn with: ${JSON.stringify(siteFonts)}`,
    );
    await tab.screenshot({ path: `${screenshotDir}i18n-site-th.png` });
  },
);
