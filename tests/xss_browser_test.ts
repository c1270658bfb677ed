// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Untrusted content in Chromium: markup injected through every text field, block prop, listing
// field, review, chat message, lead field, user name and moderation reason never becomes
// markup — not in the app, the editor, the admin consoles or the published page — and the
// published site neither gets the app's cookies nor lacks its CSP.
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { type Client, hostRequest } from "./_helpers.ts";
import { browserTest, signedIn } from "./_browser.ts";
import { ADMIN_ENV, adminClient, checkoutCompleted, deliver } from "./_market.ts";

// Every element this creates carries data-xss; alert() would open a dialog.
const P = `<img src=x onerror=alert(1) data-xss>"'><script data-xss>alert(1)</script>`;
const P_SHORT = `"><svg onload=alert(1) data-xss>`; // for fields of up to 40 characters
const RICH_HTML = `<p>fine</p><img src=x onerror="alert(2)" data-xss><script data-xss>alert(3)` +
  `</script><a href="javascript:alert(4)" data-xss>link</a><iframe srcdoc="x" data-xss></iframe>`;
// Props that hold links, enums, ids or dates keep their values; every other string gets P.
const KEEP = new Set([
  "id",
  "type",
  "name",
  "align",
  "width",
  "target",
  "layout",
  "icon",
  "notifyMode",
]);
const SHORT = new Set(["price", "period"]);

function inject(value: any, key = ""): any {
  if (Array.isArray(value)) return value.map((v) => inject(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inject(v, k)]));
  }
  if (typeof value !== "string" || KEEP.has(key)) return value;
  if (/^(#|https?:|\/|mailto:|tel:)/.test(value) || /href|url|image|src|avatar/i.test(key)) {
    return value;
  }
  return SHORT.has(key) ? P_SHORT : P;
}

/** Pages that count their fetches in flight (see `settled`). */
const counting = new WeakSet<Page>();

/**
 * The positive signal that a loaded page's islands have rendered all they will: the load event
 * came after every island's module script ran (hydration renders at once), and then, over two
 * animation frames in a row (effects have run), no fetch an island made is still in flight, body
 * and all (the render that follows an answer has happened by the next frame). Fails on timeout.
 */
async function settled(page: Page) {
  await page.waitForFunction(
    () => {
      const g = globalThis as unknown as { fetchesInFlight: number; idleFrames?: number };
      g.idleFrames = g.fetchesInFlight === 0 ? (g.idleFrames ?? 0) + 1 : 0;
      return g.idleFrames >= 2;
    },
    { polling: "raf", timeout: 10_000 },
  );
}

/** Visit `url` and return what got through: injected elements (any frame) and dialogs. */
async function injectedOn(page: Page, url: string) {
  if (!counting.has(page)) {
    counting.add(page);
    await page.evaluateOnNewDocument(() => {
      const g = globalThis as unknown as { fetchesInFlight: number };
      g.fetchesInFlight = 0;
      const native = globalThis.fetch;
      globalThis.fetch = (...args: Parameters<typeof fetch>) => {
        g.fetchesInFlight++;
        // In flight until its whole body has arrived (the island reads it from the same bytes).
        return native(...args).then((res) => {
          res.clone().arrayBuffer().catch(() => {}).finally(() => g.fetchesInFlight--);
          return res;
        }, (err) => {
          g.fetchesInFlight--;
          throw err;
        });
      };
    });
  }
  const dialogs: string[] = [];
  const onDialog = (d: any) => {
    dialogs.push(d.message());
    d.dismiss();
  };
  page.on("dialog", onDialog);
  const res = await page.goto(url, { waitUntil: "load" });
  assert.ok(res && res.status() < 400, `${url} → ${res?.status()}`);
  await settled(page);
  const found: string[] = [];
  for (const frame of page.frames()) {
    // The editor previews custom HTML in a sandbox without script permission: inert by design.
    const element = await frame.frameElement();
    const inert = await element?.evaluate((e) =>
      e.hasAttribute("sandbox") && !e.getAttribute("sandbox")!.includes("allow-scripts")
    );
    if (inert) continue;
    found.push(
      ...await frame.evaluate(() =>
        [...document.querySelectorAll("[data-xss], [onerror], [onload], a[href^='javascript:']")]
          .map((e) => e.outerHTML.slice(0, 80))
      ),
    );
  }
  page.off("dialog", onDialog);
  return { found, dialogs, text: await page.evaluate(() => document.body.innerText) };
}

browserTest(
  "untrusted content in Chromium: injected markup never executes anywhere",
  ADMIN_ENV,
  async (server, browser) => {
    const admin = await adminClient(server);
    const mallory = server.client();
    await mallory.register("mallory@example.com", P.slice(0, 100));
    let page = (await mallory.post("/api/pages", { name: P, templateId: "saas" })).body.page;
    const content = { ...page.content, blocks: inject(page.content.blocks) };
    content.blocks.push({ id: "raw", type: "html", props: { html: RICH_HTML } });
    const saved = await mallory.put(`/api/pages/${page.id}`, {
      version: page.version,
      content,
      seo: { title: P, description: P, image: "" },
    });
    assert.equal(saved.status, 200, saved.text);
    page = (await mallory.post(`/api/pages/${page.id}/publish`)).body.page;
    const form = content.blocks.find((b: any) => b.type === "form");
    const lead = Object.fromEntries(
      form.props.fields.map((f: any) => [f.name, f.type === "email" ? "m@example.com" : P]),
    );
    const site = `${page.slug}.${server.sitesDomain}`;
    const posted = await hostRequest(server.port, site, `/forms/${form.id}`, {
      method: "POST",
      body: JSON.stringify(lead),
      headers: { "content-type": "application/json" },
    });
    assert.equal(posted.status, 201, posted.text);
    const listing = (await mallory.post("/api/marketplace", {
      pageId: page.id,
      title: P,
      description: P,
      category: "saas",
      price: 1900,
    })).body.listing;
    await admin.post(`/api/admin/marketplace/${listing.id}/reject`, { reason: P });
    await admin.post(`/api/admin/marketplace/${listing.id}/approve`);
    const room = (await mallory.post("/api/chat/rooms", { subject: P, message: P })).body.room;
    const buyer: Client = server.client();
    await buyer.register("buyer@example.com", P.slice(0, 100));
    const tx = (await buyer.post("/api/payment/create", { listingId: listing.id })).body;
    await deliver(server, checkoutCompleted("evt_xss", tx.transactionId));
    assert.equal(
      (await buyer.post(`/api/marketplace/${listing.id}/reviews`, { rating: 1, comment: P }))
        .status,
      201,
    );

    const o = server.origin;
    const asMallory = await signedIn(browser, o, "mallory@example.com", "password123");
    const asAdmin = await signedIn(browser, o, "root@example.com", "rootpassword");
    const asBuyer = await signedIn(browser, o, "buyer@example.com", "password123");
    const malloryId = (await mallory.get("/api/auth/me")).body.user.id;
    const visits: [Page, string][] = [
      [asMallory, `${o}/dashboard`],
      [asMallory, `${o}/pages/${page.id}/edit`],
      [asMallory, `${o}/pages/${page.id}/preview`],
      [asMallory, `${o}/pages/${page.id}/leads`],
      [asMallory, `${o}/support`],
      [asMallory, `${o}/sales`],
      [asMallory, `http://${site}/`],
      [asBuyer, `${o}/marketplace`],
      [asBuyer, `${o}/marketplace/${listing.id}`],
      [asBuyer, `${o}/orders`],
      [asAdmin, `${o}/admin`],
      [asAdmin, `${o}/admin/users`],
      [asAdmin, `${o}/admin/users/${malloryId}`],
      [asAdmin, `${o}/admin/marketplace?status=approved`],
      [asAdmin, `${o}/admin/orders`],
      [asAdmin, `${o}/admin/audit`],
      [asAdmin, `${o}/admin/support?room=${room.id}`],
    ];
    let shownAsText = 0;
    for (const [tab, url] of visits) {
      const { found, dialogs, text } = await injectedOn(tab, url);
      assert.deepEqual(found, [], `no injected element on ${url}`);
      assert.deepEqual(dialogs, [], `no script ran on ${url}`);
      if (text.includes("<script data-xss>")) shownAsText++;
    }
    // The payload is shown to people as the text it is, not dropped silently.
    assert.ok(shownAsText >= visits.length - 3, `shown as text on ${shownAsText} pages`);

    // The published site: strict CSP, and none of the app's cookies reach it.
    const res = await hostRequest(server.port, site, "/");
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/);
    assert.deepEqual(await asMallory.cookies(`http://${site}/`), []);
    assert.ok((await asMallory.cookies(`${o}/`)).length > 0, "signed in on the app");
    const login = await fetch(`${o}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: o },
      body: JSON.stringify({ email: "mallory@example.com", password: "password123" }),
    });
    await login.body?.cancel();
    for (const cookie of login.headers.getSetCookie()) {
      assert.doesNotMatch(cookie, /domain=/i, "host-only cookies");
      assert.match(cookie, /httponly/i);
    }
  },
);
