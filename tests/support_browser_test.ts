import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { ADMIN_ENV } from "./_market.ts";

// Runs in the page: is there a bubble from `s` containing `t`?
const bubbleWith = (s: string, t: string) =>
  [...document.querySelectorAll(`[data-sender=${s}]`)].some((e) => e.textContent?.includes(t));

browserTest(
  "support chat in Chromium: a user and an admin chat live in two pages",
  ADMIN_ENV,
  async (server, browser) => {
    await server.client().register("helpme@example.com", "Helen");
    const user = await signedIn(browser, server.origin, "helpme@example.com", "password123");
    const admin = await signedIn(browser, server.origin, "root@example.com", "rootpassword");

    await user.goto(`${server.origin}/support`);
    await user.type("input[name=subject]", "Billing");
    await user.type("textarea[name=message]", "Can I talk to a human please?");
    await Promise.all([user.waitForNavigation(), user.click("form[action='/support'] button")]);
    const roomId = new URL(user.url()).searchParams.get("room")!;
    assert.ok(roomId);
    await user.waitForFunction(bubbleWith, { timeout: 5000 }, "ai", "team");
    await user.waitForFunction(
      () => document.querySelector("[data-testid=room-status]")?.textContent === "waiting admin",
      { timeout: 5000 },
    );

    await admin.goto(`${server.origin}/admin/support?room=${roomId}`);
    await admin.waitForSelector(`[data-testid=admin-rooms] [data-room-id="${roomId}"]`);
    await Promise.all([admin.waitForNavigation(), admin.click("[data-testid=assign]")]);
    await admin.waitForSelector("[data-testid=chat-room] input[aria-label=Message]");
    await admin.type(
      "[data-testid=chat-room] input[aria-label=Message]",
      "Hello Helen, Ada here.",
    );
    await admin.click("[data-testid=chat-room] button[type=submit]");

    await user.waitForFunction(
      bubbleWith,
      { timeout: 5000 },
      "admin",
      "Ada here",
    );
    await user.waitForFunction(
      () => document.querySelector("[data-testid=room-status]")?.textContent === "assigned",
      { timeout: 5000 },
    );
    await user.type("[data-testid=chat-room] input[aria-label=Message]", "Thanks Ada!");
    await user.click("[data-testid=chat-room] button[type=submit]");
    await admin.waitForFunction(
      bubbleWith,
      { timeout: 5000 },
      "user",
      "Thanks Ada!",
    );
    await admin.screenshot({ path: `${screenshotDir}admin-support.png` });
    await user.screenshot({ path: `${screenshotDir}user-support.png` });
    // The assistant stays out of it once an admin has the room.
    await new Promise((r) => setTimeout(r, 500));
    const aiCount = await user.$$eval("[data-sender=ai]", (els) => els.length);
    assert.equal(aiCount, 1);
  },
);
