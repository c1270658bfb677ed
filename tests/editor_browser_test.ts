import assert from "node:assert/strict";
import type { HTTPRequest, Page } from "puppeteer-core";
import { hostRequest } from "./_helpers.ts";
import { browserTest, screenshotDir, signedIn } from "./_browser.ts";

const blockTypes = (page: Page) =>
  page.$$eval(
    "[data-testid=canvas] [data-block-id]",
    (els) => els.map((e) => e.getAttribute("data-block-type")),
  );

async function waitState(page: Page, state: string) {
  await page.waitForFunction(
    (state) =>
      document.querySelector("[data-testid=save-state]")?.getAttribute("data-state") === state,
    { timeout: 10_000 },
    state,
  );
}
const waitSaved = (page: Page) => waitState(page, "saved");

/** The device frame's width and its gaps to the canvas area's left and right edges. */
const frameBox = (page: Page) =>
  page.$eval("[data-testid=device-frame]", (frame) => {
    const a = frame.parentElement!.getBoundingClientRect();
    const r = frame.getBoundingClientRect();
    const grid = frame.querySelector(".lh-grid");
    return {
      width: getComputedStyle(frame).width,
      left: r.left - a.left,
      right: a.right - r.right,
      columns: grid ? getComputedStyle(grid).gridTemplateColumns.split(" ").length : 0,
    };
  });

browserTest(
  "editor in Chromium: starter layout, reorder, edit headline, autosave, publish, phone view, no script runs",
  {},
  async (server, browser) => {
    const dialogs: string[] = [];
    const page = await browser.newPage();
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.setViewport({ width: 1400, height: 900 });

    // Sign up through the real form.
    await page.goto(`${server.origin}/auth/register`);
    await page.type("input[name=name]", "Eddie Editor");
    await page.type("input[name=email]", "eddie@example.com");
    await page.type("input[name=password]", "password123");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    assert.match(page.url(), /\/dashboard/);

    // Create a page from the SaaS starter layout.
    await page.goto(`${server.origin}/pages`);
    await page.type("input[name=name]", "Browser Launch");
    await page.click("input[name=templateId][value=saas]");
    await Promise.all([
      page.waitForNavigation(),
      page.click("[data-testid=create-from-starter]"),
    ]);
    assert.match(page.url(), /\/pages\/[0-9A-Z]+\/edit$/);
    const pageId = page.url().split("/").at(-2)!;
    await page.waitForSelector("[data-testid=canvas] [data-block-type=hero]");
    const before = await blockTypes(page);
    assert.deepEqual(before.slice(0, 3), ["hero", "features", "pricing"]);

    // Reorder: move "features" above "hero" with the keyboard, then back down with a button.
    await page.focus("[data-block-type=features]");
    await page.keyboard.down("Alt");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.up("Alt");
    assert.deepEqual((await blockTypes(page)).slice(0, 2), ["features", "hero"]);
    await page.click("[data-block-type=pricing]");
    const up = await page.waitForSelector("[data-block-type=pricing] [data-action=up]", {
      visible: true,
    });
    await up!.click();
    assert.deepEqual((await blockTypes(page)).slice(0, 3), ["features", "pricing", "hero"]);

    // Edit the headline in place.
    const headline = "[data-block-type=hero] h1[data-field=headline]";
    await page.click(headline);
    await page.evaluate((sel) => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(sel)!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, headline);
    await page.keyboard.type("Launch day is here <script>alert(1)</script>");
    await page.keyboard.press("Enter");
    await waitSaved(page);

    // Undo and redo the headline edit.
    await page.click("button[aria-label=Undo]");
    assert.notEqual(
      await page.$eval(headline, (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );
    await page.click("button[aria-label=Redo]");
    assert.equal(
      await page.$eval(headline, (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );

    // Add an HTML block with an injection attempt through the settings panel.
    await page.click("[data-add=html]");
    await page.waitForSelector("aside[aria-label=Settings] textarea");
    await page.$eval(
      "aside[aria-label=Settings] textarea",
      (el) => (el as HTMLTextAreaElement).value = "",
    );
    await page.type(
      "aside[aria-label=Settings] textarea",
      `<p id="custom">Hello</p><img src=x onerror="alert(2)">`,
    );
    await waitSaved(page);

    // "One per line" features: Enter and spaces are kept while typing; the list is saved.
    await page.click("[data-block-type=pricing]");
    const lines = "aside[aria-label=Settings] textarea[id$=-plans-0-features]";
    const firstLines = await page.$eval(lines, (el) => {
      const t = el as HTMLTextAreaElement;
      t.closest("details")!.open = true;
      t.focus();
      t.setSelectionRange(t.value.length, t.value.length);
      return t.value;
    });
    await page.keyboard.press("Enter");
    await page.keyboard.type("Unlimited pages ");
    await page.keyboard.press("Enter");
    assert.equal(
      await page.$eval(lines, (el) => (el as HTMLTextAreaElement).value),
      `${firstLines}\nUnlimited pages \n`,
    );
    await page.keyboard.type("Custom  domain");
    await waitSaved(page);
    const features = () =>
      server.client().request("GET", `/api/pages/${pageId}`, { headers: { cookie } })
        .then((r) => r.body.page.content.blocks.find((b: { type: string }) => b.type === "pricing"))
        .then((b) => b.props.plans[0].features);
    const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    assert.deepEqual(await features(), [
      ...firstLines.split("\n"),
      "Unlimited pages",
      "Custom  domain",
    ]);

    // Delete on a focused block removes it (focus moves on), and Ctrl+Z brings it back.
    const withHtml = await blockTypes(page);
    await page.focus("[data-block-type=html]");
    await page.keyboard.press("Delete");
    assert.deepEqual(await blockTypes(page), withHtml.filter((t) => t !== "html"));
    await page.waitForFunction(() => document.activeElement?.hasAttribute("data-block-id"));
    await page.keyboard.down("Control");
    await page.keyboard.press("z");
    await page.keyboard.up("Control");
    assert.deepEqual(await blockTypes(page), withHtml);

    // Backspace while editing text edits the text, not the block; empty text shows a placeholder.
    const sub = "[data-block-type=hero] p[data-field=subheadline]";
    await page.click(sub);
    await page.keyboard.down("Control");
    await page.keyboard.press("a");
    await page.keyboard.up("Control");
    await page.keyboard.press("Backspace");
    await page.click("[data-block-type=features] h2");
    assert.deepEqual(await blockTypes(page), withHtml);
    assert.equal(await page.$eval(sub, (e) => e.textContent), "");
    assert.equal(
      await page.$eval(sub, (e) => getComputedStyle(e, "::before").content),
      `"Subheadline"`,
    );
    await waitSaved(page);

    // Device frames have their nominal width and are centred in the canvas area.
    for (const [device, width, columns] of [["tablet", 768, 3], ["mobile", 390, 1]] as const) {
      await page.click(`[data-device=${device}]`);
      await page.waitForFunction(
        (w) => getComputedStyle(document.querySelector("[data-testid=device-frame]")!).width === w,
        {},
        `${width}px`,
      );
      const box = await frameBox(page);
      assert.ok(
        Math.abs(box.left - box.right) <= 1,
        `${device} frame centred: ${JSON.stringify(box)}`,
      );
      assert.equal(box.columns, columns, `${device} layout at ${width} px`);
    }
    await page.screenshot({ path: `${screenshotDir}editor.png` });

    const stored = await (await fetch(`${server.origin}/api/pages/${pageId}`, {
      headers: { cookie },
    })).json();
    assert.deepEqual(
      stored.page.content.blocks.slice(0, 3).map((b: { type: string }) => b.type),
      ["features", "pricing", "hero"],
    );
    assert.equal(
      stored.page.content.blocks[2].props.headline,
      "Launch day is here <script>alert(1)</script>",
    );

    // Publish and open the live site at phone width.
    await page.click("[data-testid=publish]");
    await page.waitForSelector("[data-testid=live-url]", { timeout: 10_000 });
    const liveUrl = await page.$eval(
      "[data-testid=live-url]",
      (a) => (a as HTMLAnchorElement).href,
    );
    assert.match(liveUrl, /^http:\/\/browser-launch\./);
    const site = await browser.newPage();
    site.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await site.setViewport({ width: 390, height: 844, isMobile: true });
    await site.goto(liveUrl, { waitUntil: "load" });
    assert.equal(
      await site.$eval("h1", (e) => e.textContent),
      "Launch day is here <script>alert(1)</script>",
    );
    assert.equal(await site.$("script"), null, "no script on the published page");
    assert.equal(await site.$eval("#custom", (e) => e.textContent), "Hello");
    assert.equal(await site.$("img[onerror]"), null);
    const overflow = await site.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page fits a phone (overflow ${overflow}px)`);
    await site.screenshot({ path: `${screenshotDir}published-phone.png`, fullPage: true });
    const viaHost = await hostRequest(server.port, new URL(liveUrl).host, "/");
    assert.equal(viaHost.status, 200);
    assert.deepEqual(dialogs, [], "no injected script ran");
  },
);

browserTest(
  "editor in Chromium: two editors in conflict; loading the latest version clears undo, publish and leaving explain",
  {},
  async (server, browser) => {
    const owner = server.client();
    await owner.register("two@example.com");
    const { id } = (await owner.post("/api/pages", { name: "Shared", templateId: "saas" })).body
      .page;
    const [a, b] = await Promise.all([
      signedIn(browser, server.origin, "two@example.com", "password123"),
      signedIn(browser, server.origin, "two@example.com", "password123"),
    ]);
    await Promise.all([a, b].map((p) => p.goto(`${server.origin}/pages/${id}/edit`)));
    const stored = async () =>
      (await owner.get(`/api/pages/${id}`)).body.page.content.blocks.map((
        x: { type: string },
      ) => x.type);

    // A adds a block (saved); B, still on the old version, edits and overwrites on purpose.
    await a.click("[data-add=cta]");
    await waitSaved(a);
    await b.click("[data-add=faq]");
    await waitState(b, "conflict");
    await b.click("[data-testid=keep-mine]");
    await waitSaved(b);
    const theirs = await stored();
    assert.deepEqual(theirs, await blockTypes(b));
    assert.ok(!theirs.includes("cta"));

    // A edits on its old version: conflict. Publishing says why it cannot.
    await a.click("[data-add=footer]");
    await waitState(a, "conflict");
    await a.click("[data-testid=publish]");
    await a.waitForFunction(() =>
      /Not published: this page was changed elsewhere/.test(
        document.querySelector("[role=status]")?.textContent ?? "",
      )
    );

    // Leaving with edits that are not saved asks first (staying keeps them).
    const dialogs: string[] = [];
    a.on("dialog", (d) => {
      dialogs.push(d.type());
      d.dismiss();
    });
    await a.click("[data-testid=leave]");
    await a.waitForFunction(() => true);
    assert.deepEqual(dialogs, ["confirm"]);
    assert.match(a.url(), /\/edit$/);

    // Loading the latest version shows B's page and leaves nothing to undo: Ctrl+Z cannot put
    // A's old page back over B's.
    await a.click("[data-testid=load-latest]");
    await waitSaved(a);
    assert.deepEqual(await blockTypes(a), theirs);
    assert.equal(
      await a.$eval("button[aria-label=Undo]", (e) => (e as HTMLButtonElement).disabled),
      true,
    );
    // The block types of every save A sends from here on.
    const isSave = (r: HTTPRequest) =>
      r.method() === "PUT" && new URL(r.url()).pathname === `/api/pages/${id}`;
    const saves: string[][] = [];
    const onSave = (r: HTTPRequest) => {
      if (!isSave(r)) return;
      const blocks: { type: string }[] = JSON.parse(r.postData() ?? "{}").content?.blocks ?? [];
      saves.push(blocks.map((x) => x.type));
    };
    a.on("request", onSave);
    await a.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await a.keyboard.down("Control");
    await a.keyboard.press("z");
    await a.keyboard.up("Control");

    // A's next edit is saved on top of B's version, without a conflict. Its save, through the
    // same autosave, is the signal: had Ctrl+Z changed the page, that change was saved before
    // it or with it.
    const imageSaved = a.waitForResponse(
      (r) => isSave(r.request()) && /"type":"image"/.test(r.request().postData() ?? ""),
      { timeout: 10_000 },
    );
    await a.click("[data-add=image]");
    assert.equal((await imageSaved).status(), 200);
    await waitSaved(a);
    a.off("request", onSave);
    assert.equal(saves.length, 1, `one save, the image's: ${JSON.stringify(saves)}`);
    const added = saves[0].findIndex((type, i) =>
      type === "image" &&
      [...saves[0].slice(0, i), ...saves[0].slice(i + 1)].join() === theirs.join()
    );
    assert.ok(added >= 0, `B's page and the image: ${JSON.stringify(saves[0])}`);
    assert.deepEqual(await stored(), saves[0]);
    assert.deepEqual(await blockTypes(a), saves[0]);

    // The countdown's end is shown and typed in local time (New York: UTC-5 on 31 December), and
    // typing a date digit by digit saves only the complete date (never the year 0002 on the way).
    await a.emulateTimezone("America/New_York");
    const sentYears: string[] = [];
    a.on("request", (r) => {
      const target = r.method() === "PUT" &&
        JSON.parse(r.postData()!).content.blocks.find((x: { type: string }) =>
          x.type === "countdown"
        )?.props.target;
      if (target) sentYears.push(target.slice(0, 4));
    });
    await a.click("[data-add=countdown]");
    const when = (await a.waitForSelector("input[type=datetime-local]"))!;
    await waitSaved(a);
    await when.click({ offset: { x: 12, y: 10 } }); // the month
    await a.keyboard.type("12312027");
    await waitSaved(a);
    await a.click("[data-block-type=hero]"); // show another block's fields, then these again
    await a.click("[data-block-type=countdown]");
    const shown = await a.$eval("input[type=datetime-local]", (e) => (e as HTMLInputElement).value);
    assert.match(shown, /^2027-12-31T\d\d:\d\d$/);
    const [hours, minutes] = shown.slice(11).split(":").map(Number);
    const countdown = (await owner.get(`/api/pages/${id}`)).body.page.content.blocks.find((
      x: { type: string },
    ) => x.type === "countdown");
    assert.equal(
      countdown.props.target,
      new Date(Date.UTC(2027, 11, 31, hours + 5, minutes)).toISOString(),
    );
    assert.ok(sentYears.every((y) => y >= "2026"), `years saved: ${sentYears}`);
    assert.deepEqual(dialogs, ["confirm"], "a saved editor leaves without asking");
  },
);

/** The toolbar's height and how many rows its items sit on. */
const toolbarRows = (page: Page) =>
  page.$eval("[data-testid=toolbar]", (bar) => {
    const tops = new Set(
      [...bar.querySelectorAll("a, button, h1, [data-testid]")]
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return Math.round((r.top + r.bottom) / 2 / 12); // the same row within a few px
        }),
    );
    return { rows: tops.size, height: bar.getBoundingClientRect().height };
  });

browserTest(
  "editor in Chromium: one toolbar row at 1280 and 1440 when published, changes not live yet, a phone gets a message",
  {},
  async (server, browser) => {
    const owner = server.client();
    await owner.register("wide@example.com");
    const created = await owner.post("/api/pages", {
      name: "Rocket SaaS launch page",
      templateId: "saas",
    });
    const { id } = created.body.page;
    assert.equal((await owner.post(`/api/pages/${id}/publish`)).status, 200);
    const liveUrl = (await owner.get(`/api/pages/${id}`)).body.page.url;
    const page = await signedIn(browser, server.origin, "wide@example.com", "password123");
    const publishState = () =>
      page.$eval("[data-testid=publish-state]", (e) => ({
        text: e.textContent,
        notLive: e.getAttribute("data-not-live"),
      }));

    for (const width of [1280, 1440]) {
      await page.setViewport({ width, height: 800 });
      await page.goto(`${server.origin}/pages/${id}/edit`);
      await page.waitForSelector("[data-testid=live-url]");
      // A compact link to the live page, its address in the tooltip.
      assert.equal(await page.$eval("[data-testid=live-url]", (a) => a.textContent), "Live ↗");
      assert.equal(
        await page.$eval("[data-testid=live-url]", (a) => (a as HTMLAnchorElement).href),
        liveUrl,
      );
      assert.match(
        await page.$eval("[data-testid=live-url]", (a) => a.getAttribute("title") ?? ""),
        new RegExp(liveUrl.replace(/[.]/g, "\\.")),
      );
      const before = await publishState();
      assert.deepEqual(
        before,
        width === 1280
          ? { text: "Published", notLive: "false" }
          : { text: "Published · changes not live yet", notLive: "true" },
      );
      assert.equal((await toolbarRows(page)).rows, 1, `one row at ${width} px`);

      // An edit is saved but not live: the toolbar says so and offers Update, still on one row.
      await page.click("[data-add=cta]");
      await waitSaved(page);
      await page.waitForFunction(() =>
        document.querySelector("[data-testid=publish-state]")?.getAttribute("data-not-live") ===
          "true"
      );
      assert.equal((await publishState()).text, "Published · changes not live yet");
      assert.ok(await page.$("[data-testid=update]"));
      const rows = await toolbarRows(page);
      assert.equal(rows.rows, 1, `one row at ${width} px with Update: ${JSON.stringify(rows)}`);
      await page.screenshot({ path: `${screenshotDir}editor-toolbar-${width}.png` });

      if (width === 1280) {
        // Update puts the changes live; the message shortens rather than wraps.
        await page.click("[data-testid=update]");
        await page.waitForFunction(() =>
          document.querySelector("[data-testid=publish-state]")?.getAttribute("data-not-live") ===
            "false"
        );
        assert.equal(await page.$("[data-testid=update]"), null);
        assert.match(
          await page.$eval("[role=status]", (e) => e.textContent ?? ""),
          /Updated\. Your changes are live\./,
        );
        assert.equal((await toolbarRows(page)).rows, 1, "one row with the message");
        await page.screenshot({ path: `${screenshotDir}editor-toolbar-1280-updated.png` });
        // What is live now has the new block.
        const site = await hostRequest(server.port, new URL(liveUrl).host, "/");
        assert.match(site.text, /Ready to start\?/);
        // Edit again, so the 1440 px view opens with changes that are not live yet.
        await page.click("[data-add=faq]");
        await waitSaved(page);
      }
    }

    // A phone: a friendly message with a way to the preview and the dashboard, no crushed editor.
    await page.setViewport({ width: 390, height: 844, isMobile: true });
    await page.goto(`${server.origin}/pages/${id}/edit`);
    const narrow = await page.$eval("[data-testid=editor-too-narrow]", (e) => ({
      visible: (e as HTMLElement).offsetParent !== null || getComputedStyle(e).display !== "none",
      text: e.textContent ?? "",
      links: [...e.querySelectorAll("a")].map((a) => a.getAttribute("href")),
    }));
    assert.ok(narrow.visible);
    assert.match(narrow.text, /The editor needs a wider screen/);
    assert.ok(narrow.links.includes(`/pages/${id}/preview`), narrow.links.join(" "));
    assert.ok(narrow.links.includes("/dashboard"));
    assert.equal(
      await page.$eval("[data-testid=editor]", (e) => getComputedStyle(e).display),
      "none",
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the message fits a phone (overflow ${overflow}px)`);
    await page.screenshot({ path: `${screenshotDir}editor-phone.png` });

    // From 768 px (a tablet) the editor itself.
    await page.setViewport({ width: 768, height: 1024 });
    await page.goto(`${server.origin}/pages/${id}/edit`);
    await page.waitForSelector("[data-testid=canvas] [data-block-type=hero]", { visible: true });
    assert.equal(
      await page.$eval("[data-testid=editor-too-narrow]", (e) => getComputedStyle(e).display),
      "none",
    );
    await page.screenshot({ path: `${screenshotDir}editor-tablet.png` });
  },
);
