import assert from "node:assert/strict";
import type { HTTPRequest, Page } from "puppeteer-core";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";
import { eventually, roomWaitingForAdmin, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

// Runs in the page: is there a bubble from `s` containing `t`?
const bubbleWith = (s: string, t: string) =>
  [...document.querySelectorAll(`[data-sender=${s}]`)].some((e) => e.textContent?.includes(t));

type StreamGlobals = {
  openStreams: () => number;
  createdStreams: () => number;
  liveTopics: () => string[][];
};

/**
 * Counts a page's event streams: requests that accept text/event-stream since the last `reset()`
 * (from the network), and EventSources not closed right now, made since the page loaded, and the
 * topics of those connected (from inside the page).
 */
function streams(page: Page) {
  const urls: string[] = [];
  page.on("request", (r: HTTPRequest) => {
    if (!r.headers()["accept"]?.includes("text/event-stream")) return;
    const url = new URL(r.url());
    urls.push(url.pathname + url.search);
  });
  page.evaluateOnNewDocument(() => {
    const Native = EventSource;
    const all: EventSource[] = [];
    Object.assign(globalThis, {
      openStreams: () => all.filter((s) => s.readyState !== Native.CLOSED).length,
      createdStreams: () => all.length,
      liveTopics: () =>
        all.filter((s) => s.readyState === Native.OPEN)
          .map((s) => new URL(s.url).searchParams.get("topics")?.split(",") ?? []),
    });
    globalThis.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        all.push(this);
      }
    };
  });
  return {
    get opened() {
      return urls.length;
    },
    open: () => page.evaluate(() => (globalThis as unknown as StreamGlobals).openStreams()),
    urls,
    reset() {
      urls.length = 0;
    },
  };
}

/**
 * The positive signal that a page's islands have all connected: one stream carrying every topic
 * of `topics` is open (each island names its topics before the shared stream opens, so a stream
 * started too early, or one per island, never carries them all), and the network has seen every
 * stream the page made. Fails on timeout, with the streams seen.
 */
async function connected(page: Page, counter: ReturnType<typeof streams>, topics: string[]) {
  await page.waitForFunction(
    (want: string[]) =>
      (globalThis as unknown as StreamGlobals).liveTopics().some((t) =>
        want.every((w) => t.includes(w))
      ),
    { timeout: 5000 },
    topics,
  ).catch((err) => {
    throw new Error(`no open stream with ${topics.join(",")}; opened: ${counter.urls.join(" ")}`, {
      cause: err,
    });
  });
  // (A stream made and closed at once may never reach the network: then this fails too.)
  const made = await page.evaluate(() => (globalThis as unknown as StreamGlobals).createdStreams());
  await eventually(() => counter.urls.length >= made).catch(() => {
    throw new Error(`the page made ${made} event streams; requests: ${counter.urls.join(" ")}`);
  });
}

/** Go to `url` and let the page's islands connect on `topics`; returns the streams it opened. */
async function visit(
  page: Page,
  counter: ReturnType<typeof streams>,
  url: string,
  topics: string[],
) {
  await page.goto("about:blank"); // the last page's streams are gone, and none start late
  counter.reset();
  await page.goto(url);
  await connected(page, counter, topics);
  return [...counter.urls];
}

/**
 * A positive signal for "the assistant did not answer": a question in a room nobody has taken,
 * asked now, gets its answer; by then the assistant would have answered anything asked earlier.
 */
async function assistantCaughtUp(server: TestServer) {
  const control = server.client();
  await control.register();
  const asked = (await control.post("/api/chat/rooms", {
    subject: "Control",
    message: "How do I publish my landing page?",
  })).body.room;
  await eventually(async () =>
    (await control.get(`/api/chat/rooms/${asked.id}/messages`)).body.items
      .some((m: { senderType: string }) => m.senderType === "ai")
  );
}

/** The open conversation's header and its row in the room list show the same status. */
const headerAndListSay = (id: string, status: string) =>
  document.querySelector("[data-testid=room-status]")?.textContent === status.replace("_", " ") &&
  document.querySelector(`[data-testid=user-rooms] [data-room-id="${id}"]`)
      ?.getAttribute("data-status") === status;

const listOrder = (testid: string) =>
  [...document.querySelectorAll(`[data-testid=${testid}] [data-room-id]`)].map((e) =>
    e.getAttribute("data-room-id")
  );

browserTest(
  "support chat in Chromium: a user and an admin chat live in two pages",
  ADMIN_ENV,
  async (server, browser) => {
    await server.client().register("helpme@example.com", "Helen");
    const user = await signedIn(browser, server.origin, "helpme@example.com", "password123");
    const admin = await signedIn(browser, server.origin, "root@example.com", "rootpassword");
    const userStreams = streams(user);
    const adminStreams = streams(admin);

    await visit(user, userStreams, `${server.origin}/support`, ["notifications", "rooms"]);
    await user.type("input[name=subject]", "Billing");
    await user.type("textarea[name=message]", "Can I talk to a human please?");
    userStreams.reset();
    await Promise.all([user.waitForNavigation(), user.click("form[action='/support'] button")]);
    const roomId = new URL(user.url()).searchParams.get("room")!;
    assert.ok(roomId);
    await user.waitForFunction(bubbleWith, { timeout: 5000 }, "ai", "team");
    // The conversation header and the room list agree, live.
    await user.waitForFunction(
      headerAndListSay,
      { timeout: 5000 },
      roomId,
      "waiting_admin",
    );
    // One event stream for the bell, the room list and the conversation.
    await connected(user, userStreams, ["notifications", "rooms", `room:${roomId}`]);
    assert.equal(userStreams.opened, 1, `user /support streams: ${userStreams.urls.join(" ")}`);
    assert.equal(await userStreams.open(), 1);
    // The assistant's reply came while Helen was looking: no notification for it.
    assert.equal(await user.$("[data-testid=unread]"), null, "no bell for the assistant's reply");

    const adminUrls = await visit(
      admin,
      adminStreams,
      `${server.origin}/admin/support?room=${roomId}`,
      ["notifications", "rooms", `room:${roomId}`],
    );
    assert.deepEqual(adminUrls.length, 1, `admin /admin/support streams: ${adminUrls.join(" ")}`);
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
    await user.waitForFunction(
      (id: string) =>
        document.querySelector(`[data-testid=user-rooms] [data-room-id="${id}"]`)
          ?.getAttribute("data-status") === "assigned",
      { timeout: 5000 },
      roomId,
    );
    // An admin's reply does ring the bell.
    await user.waitForFunction(
      () => document.querySelector("[data-testid=unread]")?.textContent === "1",
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
    await assistantCaughtUp(server);
    const api = await adminClient(server);
    const history = (await api.get(`/api/chat/rooms/${roomId}/messages`)).body.items;
    assert.equal(history.filter((m: { senderType: string }) => m.senderType === "ai").length, 1);
    const aiCount = await user.$$eval("[data-sender=ai]", (els) => els.length);
    assert.equal(aiCount, 1);
    assert.equal(await userStreams.open(), 1);
    assert.equal(await adminStreams.open(), 1);
  },
);

browserTest(
  "support room lists update live (preview, unread, order) on one event stream per page",
  ADMIN_ENV,
  async (server, browser) => {
    const api = await adminClient(server);
    const [ann, bob] = [server.client(), server.client()];
    await ann.register("ann@example.com", "Ann");
    await bob.register("bob@example.com", "Bob");
    // Two rooms waiting for a person (the assistant hands over and stays quiet after that).
    const annRoom = await roomWaitingForAdmin(ann, "Ann's question");
    const bobRoom = await roomWaitingForAdmin(bob, "Bob's question");
    const annOther = await roomWaitingForAdmin(ann, "Ann's second question");

    const admin = await signedIn(browser, server.origin, "root@example.com", "rootpassword");
    const adminStreams = streams(admin);
    const urls = await visit(
      admin,
      adminStreams,
      `${server.origin}/admin/support?room=${bobRoom}`,
      [
        "notifications",
        "rooms",
        `room:${bobRoom}`,
      ],
    );
    assert.deepEqual(urls.length, 1, `admin /admin/support streams: ${urls.join(" ")}`);
    assert.deepEqual(await admin.evaluate(listOrder, "admin-rooms"), [annOther, bobRoom, annRoom]);

    // Ann writes in her oldest room: it moves to the top with her text and an unread count.
    await ann.post(`/api/chat/rooms/${annRoom}/messages`, { message: "Here are more details" });
    await admin.waitForFunction(
      (id: string) => {
        const row = document.querySelector(`[data-testid=admin-rooms] [data-room-id="${id}"]`);
        return document.querySelector("[data-testid=admin-rooms] [data-room-id]") === row &&
          row?.querySelector("[data-testid=room-last-message]")?.textContent ===
            "Here are more details" &&
          row?.querySelector("[data-testid=room-unread]")?.textContent === "2";
      },
      { timeout: 5000 },
      annRoom,
    );
    assert.deepEqual(await admin.evaluate(listOrder, "admin-rooms"), [annRoom, annOther, bobRoom]);

    // A new room appears, and a higher priority sorts first.
    const carl = server.client();
    await carl.register("carl@example.com", "Carl");
    const carlRoom = (await carl.post("/api/chat/rooms", {
      subject: "Carl's question",
      message: "Hello there",
    })).body.room.id;
    await admin.waitForFunction(
      (id: string) =>
        document.querySelector(`[data-testid=admin-rooms] [data-room-id]`)
          ?.getAttribute("data-room-id") === id,
      { timeout: 5000 },
      carlRoom,
    );
    assert.equal(
      (await api.patch(`/api/admin/chat/rooms/${bobRoom}`, { priority: "high" })).status,
      200,
    );
    await admin.waitForFunction(
      (id: string) =>
        document.querySelector(`[data-testid=admin-rooms] [data-room-id]`)
          ?.getAttribute("data-room-id") === id,
      { timeout: 5000 },
      bobRoom,
    );

    // Ann's own list on /support, looking at her second room: an admin reply in the first one
    // shows there with its preview and an unread count, and moves it to the top.
    const annPage = await signedIn(browser, server.origin, "ann@example.com", "password123");
    const annStreams = streams(annPage);
    const annUrls = await visit(annPage, annStreams, `${server.origin}/support?room=${annOther}`, [
      "notifications",
      "rooms",
      `room:${annOther}`,
    ]);
    assert.equal(annUrls.length, 1, `user /support streams: ${annUrls.join(" ")}`);
    assert.deepEqual(await annPage.evaluate(listOrder, "user-rooms"), [annRoom, annOther]);
    await api.post(`/api/admin/chat/rooms/${annOther}/assign`, {});
    await api.post(`/api/chat/rooms/${annRoom}/messages`, { message: "Ada from support here" });
    await annPage.waitForFunction(
      (id: string) => {
        const row = document.querySelector(`[data-testid=user-rooms] [data-room-id="${id}"]`);
        return row?.querySelector("[data-testid=room-last-message]")?.textContent ===
            "Ada from support here" &&
          row?.querySelector("[data-testid=room-unread]")?.textContent === "2" &&
          row?.getAttribute("data-status") === "assigned";
      },
      { timeout: 5000 },
      annRoom,
    );
    // The open room's status changed too (an admin joined it): header and list agree.
    await annPage.waitForFunction(
      headerAndListSay,
      { timeout: 5000 },
      annOther,
      "assigned",
    );
    await annPage.screenshot({ path: `${screenshotDir}user-support-list.png` });
    await admin.screenshot({ path: `${screenshotDir}admin-support-list.png` });
    assert.equal(annStreams.opened, 1);
    assert.equal(adminStreams.opened, 1);

    // Other pages: the bell's stream only; opening the chat widget moves it to a stream that
    // also carries the room, still one at a time.
    const pageUrls = await visit(annPage, annStreams, `${server.origin}/pages`, ["notifications"]);
    assert.equal(pageUrls.length, 1, `/pages streams: ${pageUrls.join(" ")}`);
    await annPage.click("[data-testid=chat-widget-toggle]");
    await annPage.waitForSelector("[role=dialog] [data-testid=chat-room]");
    await annPage.waitForFunction(
      bubbleWith,
      { timeout: 5000 },
      "admin",
      "Ada from support here",
    );
    // The stream now carries the widget's room as well as the bell.
    await connected(annPage, annStreams, ["notifications", `room:${annRoom}`]);
    assert.equal(await annStreams.open(), 1, `streams: ${annStreams.urls.join(" ")}`);
  },
);

browserTest(
  "support in Chromium: subjects are optional everywhere, one empty state, times, and a standing notice while a person is awaited",
  ADMIN_ENV,
  async (server, browser) => {
    const api = server.client();
    await api.register("quiet@example.com", "Quinn");
    const user = await signedIn(browser, server.origin, "quiet@example.com", "password123");

    // No conversations yet: said once, in the conversation pane.
    await user.goto(`${server.origin}/support`);
    const empty = await user.evaluate(() => document.body.innerText.match(/No conversations/g));
    assert.equal(empty?.length, 1, `empty state shown ${empty?.length} times`);
    assert.ok(await user.$("[data-testid=support-empty]"));
    await user.screenshot({ path: `${screenshotDir}support-empty.png` });

    // The subject may be left empty on /support: the first words of the question stand in.
    assert.equal(
      await user.$eval("form[action='/support'] input[name=subject]", (e) => e.required),
      false,
    );
    await user.type(
      "form[action='/support'] textarea[name=message]",
      "Hi! How do I connect my own domain to a published page?",
    );
    await Promise.all([user.waitForNavigation(), user.click("form[action='/support'] button")]);
    const first = new URL(user.url()).searchParams.get("room")!;
    assert.ok(first, "the form was sent without a subject");
    const subject = "How do I connect my own domain to…";
    assert.equal(
      await user.$eval("[data-testid=chat-room] strong", (e) => e.textContent),
      subject,
    );
    assert.equal(
      await user.$eval(
        `[data-testid=user-rooms] [data-room-id="${first}"] strong`,
        (e) => e.textContent,
      ),
      subject,
    );
    // Each message shows when it was sent.
    await user.waitForFunction(bubbleWith, { timeout: 5000 }, "ai", "");
    // (The assistant's bubble can show before its time does: wait for both times.)
    await user.waitForFunction(
      () =>
        document.querySelectorAll("[data-testid=chat-room] [data-testid=message-time]").length >= 2,
      { timeout: 5000 },
    ).catch(() => {}); // the assertion below reports what is there
    const times = await user.$$eval(
      "[data-testid=chat-room] [data-testid=message-time]",
      (els) => els.map((e) => [e.textContent, e.getAttribute("datetime")]),
    );
    assert.ok(times.length >= 2, `times: ${JSON.stringify(times)}`);
    for (const [text, iso] of times) {
      assert.match(text!, /^\d{1,2}:\d{2}(\s?[AP]M)?$/, "today: the time only");
      assert.ok(!Number.isNaN(Date.parse(iso!)));
    }

    // The widget (another user, on another page) also names the room after the question.
    await api.register("widget@example.com", "Wendy");
    const other = await signedIn(browser, server.origin, "widget@example.com", "password123");
    await other.goto(`${server.origin}/pages`);
    await other.click("[data-testid=chat-widget-toggle]");
    await other.waitForSelector("[role=dialog] textarea[name=message]");
    assert.equal(
      await other.$eval("[role=dialog] input[name=subject]", (e) => e.placeholder),
      "Subject (optional)",
    );
    await other.type(
      "[role=dialog] textarea[name=message]",
      "I want to talk to a human about my invoice",
    );
    await other.click("[role=dialog] button[type=submit]");
    await other.waitForSelector("[role=dialog] [data-testid=chat-room]");
    assert.equal(
      await other.$eval("[role=dialog] [data-testid=chat-room] strong", (e) => e.textContent),
      "I want to talk to a human about…",
    );
    // Handed to a person: a standing notice says who answers and when, and stays after the
    // user adds details (the assistant stays quiet).
    const notice = "[role=dialog] [data-testid=waiting-notice]";
    await other.waitForSelector(notice, { timeout: 5000 });
    assert.match(
      await other.$eval(notice, (e) => e.textContent ?? ""),
      /A person from our team will reply here — usually within a few hours/,
    );
    await other.type("[role=dialog] input[aria-label=Message]", "It is invoice 1042.");
    await other.click("[role=dialog] [data-testid=chat-room] button[type=submit]");
    await other.waitForFunction(bubbleWith, { timeout: 5000 }, "user", "invoice 1042");
    await assistantCaughtUp(server);
    assert.equal(await other.$$eval("[data-sender=ai]", (els) => els.length), 1);
    assert.ok(await other.$(notice), "the notice stays while the room waits");
    await other.screenshot({ path: `${screenshotDir}support-widget-waiting.png` });

    // On /support too; once an admin joins, the notice goes.
    await other.goto(`${server.origin}/support`);
    await other.waitForSelector("[data-testid=waiting-notice]");
    await other.screenshot({ path: `${screenshotDir}support-waiting.png` });
    const roomId = await other.$eval(
      "[data-testid=chat-room]",
      (e) => e.getAttribute("data-room-id"),
    );
    const admin = await adminClient(server);
    assert.equal((await admin.post(`/api/admin/chat/rooms/${roomId}/assign`, {})).status, 200);
    await other.waitForFunction(
      () => !document.querySelector("[data-testid=waiting-notice]"),
      { timeout: 5000 },
    );
  },
);
