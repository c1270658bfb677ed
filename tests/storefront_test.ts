// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Seller storefronts: a unique handle (also when claimed in parallel), GET /api/sellers/:handle
// and /s/:handle with SEO tags, 404s for unknown handles and suspended sellers (whose listings go
// off sale at once), and the app's /sitemap.xml and /robots.txt.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { listFor } from "./_vn.ts";

Deno.test("storefront: handle rules, API, page with SEO tags, 404s, suspension", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, sellerUser, listing } = await approvedListing(server, admin, 1900, "Nova");
    for (const handle of ["ab", "Admin", "has space", "-dash", "a--b", "x".repeat(31)]) {
      const res = await seller.put("/api/sellers/me", { handle, bio: "" });
      assert.equal(res.status, 422, `${handle}: ${res.text}`);
      assert.ok(res.body.error.fields.handle, "the handle field is named");
    }
    const saved = await seller.put("/api/sellers/me", {
      handle: "Nova-Studio",
      bio: "Templates for launches & events.",
      avatarUrl: "https://example.com/a.png",
    });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.profile.handle, "nova-studio", "handles are lower case");

    const api = await server.client().get("/api/sellers/nova-studio");
    assert.equal(api.status, 200, api.text);
    assert.equal(api.body.seller.name, sellerUser.name);
    assert.equal(api.body.seller.bio, "Templates for launches & events.");
    assert.deepEqual(api.body.listings.items.map((l: any) => l.id), [listing.id]);
    assert.equal(api.body.listings.cursor, null);
    assert.equal((await server.client().get("/api/sellers/nobody-here")).status, 404);
    assert.equal((await server.client().get("/api/sellers/%F0%9F%98%80")).status, 404);
    assert.equal((await server.client().get("/api/sellers/nova-studio?cursor=%%%")).status, 400);

    const html = await server.client().get("/s/nova-studio");
    assert.equal(html.status, 200);
    assert.match(html.text, /Templates for launches &amp; events\./);
    assert.match(html.text, new RegExp(`href="/marketplace/${listing.id}"`));
    assert.match(html.text, /<link rel="canonical" href="http:\/\/[^"]+\/s\/nova-studio">/);
    assert.match(html.text, /<meta property="og:url" content="http:\/\/[^"]+\/s\/nova-studio">/);
    assert.match(html.text, /<meta property="og:image" content="https:\/\/example.com\/a.png">/);
    assert.match(html.text, /<meta name="description" content="Templates for launches/);
    assert.match(html.text, /<meta name="twitter:card" content="summary_large_image">/);
    assert.equal((await server.client().get("/s/nobody-here")).status, 404);

    // The listing page links the storefront and carries its own tags.
    const page = await server.client().get(`/marketplace/${listing.id}`);
    assert.match(page.text, /href="\/s\/nova-studio"/);
    assert.match(
      page.text,
      new RegExp(`<link rel="canonical" href="[^"]+/marketplace/${listing.id}">`),
    );
    assert.match(page.text, /<meta property="og:type" content="product">/);
    const market = await server.client().get("/marketplace");
    assert.match(market.text, /<meta name="description" content="Landing page templates/);

    // A new handle frees the old one.
    assert.equal((await seller.put("/api/sellers/me", { handle: "nova", bio: "" })).status, 200);
    assert.equal((await server.client().get("/api/sellers/nova-studio")).status, 404);
    const other = server.client();
    await other.register();
    assert.equal((await other.put("/api/sellers/me", { handle: "nova-studio" })).status, 200);
    assert.equal((await other.put("/api/sellers/me", { handle: "nova" })).status, 409);

    // The storefront pages by cursor, newest first.
    const second = await listFor(seller, admin, 2500, "usd", "Nova Two");
    const p1 = (await server.client().get("/api/sellers/nova?limit=1")).body.listings;
    assert.deepEqual(p1.items.map((l: any) => l.id), [second.id]);
    assert.ok(p1.cursor);
    const p2 = (await server.client().get(
      `/api/sellers/nova?limit=1&cursor=${encodeURIComponent(p1.cursor)}`,
    )).body.listings;
    assert.deepEqual(p2.items.map((l: any) => l.id), [listing.id]);
    const p3 = (await server.client().get(
      `/api/sellers/nova?limit=1&cursor=${encodeURIComponent(p2.cursor ?? "")}`,
    )).body.listings;
    assert.equal(p2.cursor === null || p3.items.length === 0, true, "the walk ends");

    // Suspended: no storefront, and the listing is off sale at once.
    const sus = await admin.request("PATCH", `/api/admin/users/${sellerUser.id}`, {
      json: { suspended: true },
    });
    assert.equal(sus.status, 200, sus.text);
    assert.equal((await server.client().get("/api/sellers/nova")).status, 404);
    assert.equal((await server.client().get("/s/nova")).status, 404);
    assert.equal((await server.client().get(`/api/marketplace/${listing.id}`)).status, 404);
    const buyer = server.client();
    await buyer.register();
    const pay = await buyer.post("/api/payment/create", { listingId: listing.id });
    assert.ok(pay.status === 404 || pay.status === 409 || pay.status === 422, pay.text);
  } finally {
    await server.close();
  }
});

Deno.test("storefront: parallel claims of one handle give it to exactly one seller", async () => {
  const server = await startTestServer();
  try {
    const users = await Promise.all(Array.from({ length: 12 }, async () => {
      const c = server.client();
      const user = await c.register();
      return { c, user };
    }));
    const replies = await Promise.all(
      users.map(({ c }) => c.put("/api/sellers/me", { handle: "same-name", bio: "Mine" })),
    );
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(11).fill(409)], JSON.stringify(statuses));
    const winner = users[replies.findIndex((r) => r.status === 200)];
    const front = await server.client().get("/api/sellers/same-name");
    assert.equal(front.body.seller.name, winner.user.name);
    const { kv } = await import("../lib/kv/index.ts");
    const claims = [];
    for await (const e of kv().list({ prefix: ["seller_handles"] })) claims.push(e.value);
    assert.deepEqual(claims, [winner.user.id], "one claim, the winner's");
    // Everyone else's profile stayed unwritten.
    for (const { c } of users) {
      const mine = (await c.get("/api/sellers/me")).body.profile;
      if (c !== winner.c) assert.equal(mine, null);
    }
  } finally {
    await server.close();
  }
});

Deno.test("sitemap.xml lists public pages, listings on sale and storefronts; robots.txt", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const a = await approvedListing(server, admin, 1900, "Alpha");
    const b = await approvedListing(server, admin, 2900, "Beta");
    await a.seller.put("/api/sellers/me", { handle: "alpha-shop" });
    await b.seller.put("/api/sellers/me", { handle: "beta-shop" });
    const page = (await a.seller.post("/api/pages", { name: "Unlisted" })).body.page;
    await a.seller.post(`/api/pages/${page.id}/publish`);
    const pending = (await a.seller.post("/api/marketplace", {
      pageId: page.id,
      title: "Pending one",
      description: "Waiting for an admin to look.",
      category: "other",
      price: 900,
    })).body.listing;
    await admin.request("PATCH", `/api/admin/users/${b.sellerUser.id}`, {
      json: { suspended: true },
    });

    const res = await fetch(`${server.origin}/sitemap.xml`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /xml/);
    const xml = await res.text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
    assert.ok(xml.startsWith('<?xml version="1.0"'));
    for (const p of ["/", "/marketplace", "/auth/login", "/auth/register"]) {
      assert.ok(locs.includes(p), p);
    }
    assert.ok(locs.includes(`/marketplace/${a.listing.id}`), "a listing on sale");
    assert.ok(locs.includes("/s/alpha-shop"), "a storefront");
    assert.ok(!locs.includes(`/marketplace/${pending.id}`), "not a pending listing");
    assert.ok(!locs.includes(`/marketplace/${b.listing.id}`), "not a suspended seller's listing");
    assert.ok(!locs.includes("/s/beta-shop"), "not a suspended seller's storefront");
    assert.equal(new Set(locs).size, locs.length, "no URL twice");

    const { publicPaths } = await import("../lib/market/index.ts");
    const capped = [];
    for await (const p of publicPaths(5)) capped.push(p);
    assert.equal(capped.length, 5, "the cap holds");

    // The public pages carry a description, a canonical URL and Open Graph tags.
    for (const path of ["/", "/marketplace", "/auth/login", "/auth/register"]) {
      const html = await (await fetch(server.origin + path)).text();
      assert.match(html, /<meta name="description" content="[^"]{50,}">/, path);
      assert.match(html, new RegExp(`<link rel="canonical" href="${server.origin}${path}">`), path);
      assert.match(html, /<meta property="og:title" content="[^"]+">/, path);
      assert.match(html, new RegExp(`<meta property="og:url" content="${server.origin}${path}">`));
      assert.match(html, /<meta name="twitter:card" content="summary">/, path);
    }
    const robots = await (await fetch(`${server.origin}/robots.txt`)).text();
    assert.match(robots, new RegExp(`Sitemap: ${server.origin}/sitemap.xml`));
    assert.match(robots, /Disallow: \/api\//);
  } finally {
    await server.close();
  }
});
