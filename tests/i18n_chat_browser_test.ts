// The chat islands and the published pages' support widget in Vietnamese and Thai, in Chromium:
// what only the browser renders (the widget's script, a panel opened after hydration, a sent
// message) speaks the page's language too (<html lang>), and the page's CSP refuses nothing.
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";

browserTest(
  "chat islands and the site widget in Vietnamese and Thai",
  {},
  async (server, browser) => {
    const owner = server.client();
    await owner.register("chu-shop@example.com", "Chủ Shop");
    const { page } = (await owner.post("/api/pages", { name: "Cốc gốm", slug: "coc-gom" })).body;
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      content: {
        locale: "vi",
        blocks: [{ id: "h", type: "hero", props: { headline: "Cốc gốm thủ công" } }],
      },
      seo: { supportWidget: true },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);

    // The widget on a Vietnamese page.
    const visitor = await (await browser.createBrowserContext()).newPage();
    const refused: string[] = [];
    visitor.on("console", (m) => {
      if (/Content Security Policy|Failed/i.test(m.text())) refused.push(m.text());
    });
    await visitor.goto(`http://coc-gom.${server.sitesDomain}/`);
    const button = "#lh-widget button[aria-expanded]";
    assert.equal(await visitor.$eval(button, (b) => b.textContent), "Đặt câu hỏi");
    await visitor.click(button);
    assert.equal(
      await visitor.$eval("#lh-widget textarea", (t) => t.getAttribute("aria-label")),
      "Tin nhắn của bạn",
    );
    await visitor.type("#lh-widget textarea", "Cốc có dùng được trong lò vi sóng không?");
    await visitor.click("#lh-widget button[type=submit]");
    await visitor.waitForFunction(
      () => document.querySelector('#lh-widget li[data-sender="user"]')?.textContent,
      { timeout: 5000 },
    );
    assert.match(
      await visitor.$eval('#lh-widget li[data-sender="user"]', (li) => li.textContent ?? ""),
      /^Bạn: Cốc có dùng/,
    );
    assert.deepEqual(refused, []);

    // The owner's inbox in Thai, and the chat widget opened after hydration.
    const app = await signedIn(browser, server.origin, "chu-shop@example.com", "password123");
    await app.goto(`${server.origin}/conversations?lang=th`);
    await app.waitForFunction(
      () =>
        document.querySelector('[data-testid="conversation-messages"] li[data-sender="user"]')
          ?.textContent?.includes("lò vi sóng"),
      { timeout: 5000 },
    );
    assert.equal(
      (await app.$eval("[data-testid=send-answer]", (b) => b.textContent))?.trim(),
      "ส่งคำตอบ",
    );
    await app.click("[data-testid=chat-widget-toggle]");
    await app.waitForFunction(
      () => document.querySelector("[role=dialog]")?.textContent?.includes("ให้เราช่วยอะไรดี?"),
      { timeout: 5000 },
    );
    assert.equal(
      await app.$eval("[data-testid=chat-widget-toggle]", (b) => b.textContent),
      "ปิด",
    );
    await app.screenshot({ path: `${screenshotDir}i18n-chat-conversations-th.png` });

    // A support conversation in Vietnamese: the message sent shows, and the status stays translated.
    await app.goto(`${server.origin}/support?lang=vi`);
    await app.type("textarea[name=message]", "Làm sao để gắn tên miền riêng?");
    await Promise.all([app.waitForNavigation(), app.click("form[action='/support'] button")]);
    await app.waitForSelector("[data-testid=chat-room] [data-sender=user]", { timeout: 5000 });
    assert.match(
      await app.$eval("[data-testid=room-status]", (s) => s.textContent ?? ""),
      /^(đang mở|chờ nhân viên|đã phân công|đã giải quyết)$/,
    );
    assert.equal(
      await app.$eval(
        "[data-testid=chat-room] input[maxlength='4000']",
        (i) => i.getAttribute("placeholder"),
      ),
      "Nhập tin nhắn…",
    );
    await app.screenshot({ path: `${screenshotDir}i18n-chat-support-vi.png` });
  },
);
