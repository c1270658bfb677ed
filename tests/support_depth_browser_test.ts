// In Chromium: a visitor asks from the home page's guest chat, an admin takes the conversation
// and answers live with a canned reply completed from `/shortcut`, a private note stays on the
// admin's side, and after the admin resolves, the guest rates the conversation.
import assert from "node:assert/strict";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { eventually } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const bubbleWith = (s: string, t: string) =>
  [...document.querySelectorAll(`[data-sender=${s}]`)].some((e) => e.textContent?.includes(t));

browserTest(
  "guest chat → admin answers live with a canned reply; private note hidden; CSAT after resolve",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const canned = await admin.post("/api/admin/canned-replies", {
      shortcut: "hello",
      title: "Greeting",
      text: "Hi! This is Ada from support, happy to help.",
    });
    assert.equal(canned.status, 201);

    // The visitor, signed out, on the home page.
    const context = await browser.createBrowserContext();
    const guest = await context.newPage();
    await guest.setViewport({ width: 1280, height: 900 });
    await guest.goto(`${server.origin}/`);
    await guest.click("[data-testid=guest-chat-toggle]");
    await guest.waitForSelector("[data-testid=guest-chat-form]");
    await guest.type("[data-testid=guest-chat-form] input[name=name]", "Gia");
    await guest.type(
      "[data-testid=guest-chat-form] textarea[name=message]",
      "I want to talk to a human about a template",
    );
    await guest.click("[data-testid=guest-chat-form] button[type=submit]");
    await guest.waitForFunction(bubbleWith, { timeout: 5000 }, "ai", "");
    const roomId = await guest.$eval(
      "[data-testid=chat-room]",
      (e) => e.getAttribute("data-room-id"),
    );
    assert.ok(roomId);

    // The admin opens the room in the console and answers with `/hel` + Tab.
    const console = await signedIn(browser, server.origin, "root@example.com", "rootpassword");
    await console.goto(`${server.origin}/admin/support?room=${roomId}`);
    const input = "[data-testid=chat-room] input[aria-label=Message]";
    await console.waitForSelector(input);
    await console.waitForFunction(bubbleWith, { timeout: 5000 }, "user", "talk to a human");
    await console.type(input, "/hel");
    await console.waitForSelector("[data-testid=canned-suggestions]", { timeout: 3000 });
    await console.keyboard.press("Tab");
    assert.equal(
      await console.$eval(input, (e) => (e as HTMLInputElement).value),
      "Hi! This is Ada from support, happy to help.",
    );
    await console.keyboard.press("Enter");
    await guest.waitForFunction(bubbleWith, { timeout: 5000 }, "admin", "Ada from support");

    // A private note: shown to staff, never on the guest's page.
    await console.click("[data-testid=private-note]");
    await console.type(input, "Internal: VIP visitor");
    await console.keyboard.press("Enter");
    await console.waitForSelector("[data-private=true]", { timeout: 5000 });
    await console.click("[data-testid=private-note]");
    await console.type(input, "Anything else?");
    await console.keyboard.press("Enter");
    await guest.waitForFunction(bubbleWith, { timeout: 5000 }, "admin", "Anything else?");
    assert.equal(
      await guest.evaluate(() => document.body.textContent?.includes("VIP visitor")),
      false,
    );

    // Resolved: the guest is asked for a rating, live, and gives one.
    assert.equal((await admin.post(`/api/admin/chat/rooms/${roomId}/resolve`)).status, 200);
    await guest.waitForSelector("[data-testid=csat]", { timeout: 5000 });
    await guest.click("[data-testid=csat] [aria-label='5 of 5']");
    await guest.type("[data-testid=csat] input[aria-label=Comment]", "Very helpful");
    await guest.click("[data-testid=csat] button[type=submit]");
    await guest.waitForSelector("[data-testid=csat-done]", { timeout: 5000 });
    const rated = await eventually(async () => {
      const room = (await admin.get(`/api/chat/rooms/${roomId}`)).body.room;
      return room.rating ? room : null;
    });
    assert.equal(rated.rating.score, 5);
    assert.equal(rated.rating.comment, "Very helpful");
    const stats = await admin.get("/api/dashboard/stats");
    assert.equal(stats.body.csat.count, 1);
    await guest.screenshot({ path: `${screenshotDir}support-depth-guest.png` });

    // The guest's conversation survives a page load (the token is kept in the browser).
    await guest.goto(`${server.origin}/marketplace`);
    await guest.click("[data-testid=guest-chat-toggle]");
    await guest.waitForFunction(bubbleWith, { timeout: 5000 }, "admin", "Ada from support");
    await context.close();
  },
);
