// The editor canvas is the published page: the same blocks' render and stylesheet give the same
// computed styles (the editor page's own CSS reset must not leak in); and the editor's fields:
// the slug keeps every keystroke across autosaves and shows its errors at the field, text typed
// on the canvas asks before leaving, a new block comes into view, new images are served locally.
import assert from "node:assert/strict";
import type { Browser, Page } from "puppeteer-core";
import type { TestServer } from "./_helpers.ts";
import { browserTest, signedIn } from "./_browser.ts";

const blocks: { id: string; type: string; props: Record<string, unknown> }[] = [
  {
    id: "h",
    type: "hero",
    props: { headline: "Same everywhere", subheadline: "Lead sentence", ctaText: "Start" },
  },
  {
    id: "f",
    type: "features",
    props: { title: "Features", items: [{ icon: "⚡", title: "Fast", text: "Really fast." }] },
  },
  {
    id: "p",
    type: "pricing",
    props: {
      title: "Pricing",
      plans: [{ name: "Pro", price: "$9", period: "mo", features: ["One", "Two"] }],
    },
  },
  { id: "q", type: "faq", props: { title: "FAQ", items: [{ question: "Why?", answer: "So." }] } },
  { id: "c", type: "cta", props: { headline: "Ready?", text: "Go on.", buttonText: "Go" } },
  {
    id: "z",
    type: "footer",
    props: { text: "© Acme", links: [{ label: "Terms", href: "/terms" }] },
  },
];

/** A user with one page (`blocks`), signed in to the browser; answers the page's id. */
async function setup(
  server: TestServer,
  slug: string,
  content: { blocks: unknown[] } = { blocks },
) {
  const owner = server.client();
  const email = `${slug}@example.com`;
  await owner.register(email);
  const { page } = (await owner.post("/api/pages", { name: "Nina widgets", slug })).body;
  const put = await owner.put(`/api/pages/${page.id}`, { version: page.version, content });
  assert.equal(put.status, 200, put.text);
  return { owner, id: page.id as string, email };
}

const SELECTORS = [
  ".lh-hero h1",
  ".lh-hero .lh-lead",
  ".lh-hero .lh-btn",
  ".lh-section h2",
  ".lh-card h3",
  ".lh-card p",
  ".lh-plan ul",
  ".lh-plan li",
  ".lh-price",
  ".lh-faq summary",
  ".lh-cta h2",
  ".lh-cta p",
  ".lh-footer p",
  ".lh-footer a",
];
const PROPS = [
  "fontWeight",
  "fontSize",
  "fontStyle",
  "lineHeight",
  "marginTop",
  "marginBottom",
  "paddingLeft",
  "textAlign",
  "textDecorationLine",
  "listStyleType",
  "color",
] as const;

const computed = (page: Page, root: string) =>
  page.evaluate(
    (root, selectors, props) => {
      const out: Record<string, Record<string, string>> = {};
      for (const sel of selectors) {
        const el = document.querySelector(`${root} ${sel}`);
        if (!el) throw new Error(`missing ${root} ${sel}`);
        const cs = getComputedStyle(el) as unknown as Record<string, string>;
        out[sel] = Object.fromEntries(props.map((p) => [p, cs[p]]));
      }
      return out;
    },
    root,
    SELECTORS,
    PROPS as unknown as string[],
  );

browserTest(
  "editor canvas matches the published page: same computed styles (hero h1 bold in both)",
  {},
  async (server, browser) => {
    const { owner, id, email } = await setup(server, "same-look");
    assert.equal((await owner.post(`/api/pages/${id}/publish`)).status, 200);
    const editor = await signedIn(browser, server.origin, email, "password123");
    // Wide enough that the device frame gives the page the room a desktop browser would.
    await editor.setViewport({ width: 1900, height: 1000 });
    await editor.goto(`${server.origin}/pages/${id}/edit`);
    await editor.waitForSelector("[data-testid=canvas] .lh-footer");
    const width = await editor.$eval(
      "[data-testid=canvas]",
      (e) => Math.round(e.getBoundingClientRect().width),
    );
    const canvas = await computed(editor, "[data-testid=canvas]");

    const site = await browser.newPage();
    await site.setViewport({ width, height: 1000 });
    await site.goto(`http://same-look.${server.sitesDomain}/`);
    const live = await computed(site, "main");
    assert.equal(live[".lh-hero h1"].fontWeight, "700");
    for (const sel of SELECTORS) assert.deepEqual(canvas[sel], live[sel], sel);
  },
);

browserTest(
  "editor fields: the slug keeps keystrokes across an autosave, shows errors inline, valid pattern",
  {},
  async (server, browser) => {
    const { owner, id, email } = await setup(server, "nina-widgets");
    await owner.post("/api/pages", { name: "Other", slug: "taken-slug" });
    const page = await signedIn(browser, server.origin, email, "password123");
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.goto(`${server.origin}/pages/${id}/edit`);
    await page.waitForSelector("[data-testid=canvas] .lh-hero");
    await page.click("[role=tab]:nth-child(3)"); // Page
    const name = "aside[aria-label=Settings] label:first-of-type input";
    const slug = "aside[aria-label=Settings] input[pattern]";
    await page.waitForSelector(slug);

    // Edit the name, then type the slug slowly: the name's autosave lands mid-word.
    await page.type(name, " Ltd");
    await page.click(slug, { count: 3 });
    await page.keyboard.press("Backspace");
    await page.type(slug, "nina-widgets-0", { delay: 150 });
    assert.equal(await page.$eval(slug, (e) => (e as HTMLInputElement).value), "nina-widgets-0");
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-state]")?.getAttribute("data-state") === "saved",
      { timeout: 10_000 },
    );
    const stored = (await owner.get(`/api/pages/${id}`)).body.page;
    assert.equal(stored.slug, "nina-widgets-0");
    assert.equal(stored.name, "Nina widgets Ltd");

    // A malformed slug is explained at the field and not sent; a taken one comes back there.
    await page.click(slug, { count: 3 });
    await page.type(slug, "ab-");
    const error = () => page.$eval("[data-testid=slug-error]", (e) => e.textContent ?? "");
    await page.waitForSelector("[data-testid=slug-error]");
    assert.match(await error(), /3-63 lowercase letters/);
    await page.click(slug, { count: 3 });
    await page.type(slug, "taken-slug");
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=slug-error]")?.textContent ===
          "Choose another address",
      { timeout: 10_000 },
    );
    assert.equal(
      await page.$eval(slug, (e) => e.getAttribute("aria-invalid")),
      "true",
    );
    assert.deepEqual(
      consoleErrors.filter((t) => /pattern|regular expression/i.test(t)),
      [],
      "the pattern attribute compiles",
    );
  },
);

/** A long page (below the fold from the fourth block) open in the editor. */
async function longPage(server: TestServer, browser: Browser, slug: string) {
  const many = Array.from({ length: 8 }, (_, i) => ({
    id: `f${i}`,
    type: "features",
    props: { title: `Section ${i}`, items: [{ title: "A" }, { title: "B" }, { title: "C" }] },
  }));
  const { id, email } = await setup(server, slug, { blocks: [blocks[0], ...many, blocks[5]] });
  const page = await signedIn(browser, server.origin, email, "password123");
  await page.goto(`${server.origin}/pages/${id}/edit`);
  await page.waitForSelector("[data-testid=canvas] .lh-footer");
  return page;
}

browserTest("editor canvas: a new block is scrolled into view", {}, async (server, browser) => {
  const page = await longPage(server, browser, "long-page");
  // Select the last block, scroll back to the top, add a block: it goes below the fold.
  await page.click("[data-testid=canvas] [data-block-type=footer]");
  await page.$eval("[data-testid=canvas-area]", (a) => a.scrollTo(0, 0));
  await page.click("[data-add=cta]");
  await page.waitForFunction(() => {
    const area = document.querySelector("[data-testid=canvas-area]")!.getBoundingClientRect();
    const added = document.querySelector("[data-testid=canvas] [data-block-type=cta]");
    if (!added) return false;
    const r = added.getBoundingClientRect();
    // Its top in view (a block with images may grow taller than the area as they load).
    return r.top >= area.top - 1 && r.top <= area.bottom - 100;
  }, { timeout: 5000 });
});

browserTest(
  "editor: a new Image block shows a placeholder the app serves, no third-party host",
  {},
  async (server, browser) => {
    const page = await longPage(server, browser, "image-page");
    const hosts = new Set<string>();
    page.on("request", (r) => hosts.add(new URL(r.url()).host));
    await page.click("[data-add=image]");
    const img = "[data-testid=canvas] [data-block-type=image] img";
    await page.waitForSelector(img);
    const src = await page.$eval(img, (e) => (e as HTMLImageElement).src);
    assert.equal(src, `${server.origin}/placeholder.svg`);
    const served = await fetch(src);
    assert.equal(served.status, 200);
    assert.match(served.headers.get("content-type") ?? "", /image\/svg\+xml/);
    await served.body?.cancel();
    await page.$eval(img, (e) => e.scrollIntoView());
    await page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLImageElement).complete,
      {
        timeout: 5000,
      },
      img,
    );
    assert.deepEqual(
      [...hosts].filter((h) => h !== new URL(server.origin).host),
      [],
      "no third-party host",
    );
  },
);

browserTest(
  "editor canvas: text typed and not yet left asks before leaving by the address bar",
  {},
  async (server, browser) => {
    const page = await longPage(server, browser, "leave-page");
    await page.click("[data-testid=canvas] .lh-hero h1");
    await page.keyboard.type(" typed");
    const asked: string[] = [];
    page.on("dialog", async (d) => {
      asked.push(d.type());
      await d.accept();
    });
    await page.goto(`${server.origin}/dashboard`);
    assert.deepEqual(asked, ["beforeunload"]);
  },
);
