// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// The marketplace at size: 320 approved listings across categories and prices; every sort walked
// by its cursors (limit 20) is the full order computed here, with no repeats or gaps; filters,
// text search, and orders that follow withdrawals, sales, reviews and suspensions.
import assert from "node:assert/strict";
import { type Client, eventually, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";
import { keys, kv, listAll, newId } from "../lib/kv/index.ts";
import type { Order } from "../lib/payments/index.ts";
import {
  backfillBrowseIndex,
  CATEGORIES,
  type Listing,
  popularity,
  writeListing,
} from "../lib/market/index.ts";

const SORTS = ["newest", "popular", "rating", "price_asc", "price_desc"] as const;
const cmp = (a: string | number, b: string | number) => a < b ? -1 : a > b ? 1 : 0;
// The orders shown (ties end on the id, so each order is total).
const ORDER: Record<string, (a: Listing, b: Listing) => number> = {
  newest: (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
  popular: (a, b) =>
    popularity(b) - popularity(a) || b.soldCount - a.soldCount || cmp(b.createdAt, a.createdAt) ||
    cmp(b.id, a.id),
  rating: (a, b) =>
    b.rating - a.rating || b.reviewCount - a.reviewCount || cmp(b.createdAt, a.createdAt) ||
    cmp(b.id, a.id),
  price_asc: (a, b) => a.price - b.price || cmp(a.id, b.id),
  price_desc: (a, b) => b.price - a.price || cmp(b.id, a.id),
};
const WORDS = ["crimson", "azure", "golden", "ivory"];

/** Every id of a list, walked by its cursors; fails on a repeat or a walk that does not end. */
async function walk(client: Client, path: string, limit = 20): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 200; n++) {
    const sep = path.includes("?") ? "&" : "?";
    const url: string = `${path}${sep}limit=${limit}` +
      (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const res: { status: number; text: string; body: any } = await client.get(url);
    assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 200)}`);
    assert.ok(res.body.items.length <= limit);
    for (const l of res.body.items) {
      assert.ok(!ids.includes(l.id), `${path}: ${l.id} twice`);
      ids.push(l.id);
    }
    cursor = res.body.cursor;
    if (cursor === null) return ids;
  }
  throw new Error(`${path}: the cursor walk does not end`);
}

/** What a list should show, computed from every listing record. */
async function expected(
  sort: string,
  filter: (l: Listing) => boolean = () => true,
  offSellers = new Set<string>(),
): Promise<string[]> {
  return (await listAll<Listing>(keys.listingsAll()))
    .filter((l) =>
      l.status === "approved" && l.pagePublished !== false && !offSellers.has(l.sellerId) &&
      filter(l)
    )
    .sort(ORDER[sort]).map((l) => l.id);
}

/** Approved listings written through the market's own write (as a sale or approval does). */
async function seedListings(sellers: { id: string; name: string }[], count: number) {
  const base = Date.parse("2026-01-01T00:00:00Z");
  const made: Listing[] = [];
  for (let i = 0; i < count; i++) {
    const seller = sellers[i % sellers.length];
    const reviewCount = i % 7;
    // Repeated prices, dates, sales and ratings: the ties must still page without gaps.
    const createdAt = new Date(base + Math.floor(i / 3) * 60_000).toISOString();
    const listing: Listing = {
      id: newId(base + i * 1000),
      pageId: `page${i}`,
      sellerId: seller.id,
      sellerName: seller.name,
      title: `Template ${WORDS[i % WORDS.length]} number${i}`,
      description: "A landing page made for the scale test.",
      category: CATEGORIES[i % CATEGORIES.length],
      price: 100 + (i * 37 % 25) * 100,
      currency: "usd",
      images: [],
      status: i % 40 === 39 ? "pending" : "approved",
      pagePublished: true,
      updatePending: false,
      approvedAt: createdAt,
      rejectReason: null,
      soldCount: i * 13 % 9,
      rating: reviewCount ? (i % 5) + 1 : 0,
      ratingSum: reviewCount ? ((i % 5) + 1) * reviewCount : 0,
      reviewCount,
      previewUrl: "http://example.test/",
      thumbnailUrl: null,
      createdAt,
      updatedAt: createdAt,
    };
    made.push(listing);
  }
  for (let i = 0; i < made.length; i += 20) {
    const op = kv().atomic();
    for (const l of made.slice(i, i + 20)) writeListing(op, null, l);
    assert.ok((await op.commit()).ok);
  }
  return made;
}

Deno.test("marketplace at size: cursor walks, filters, search, and orders that follow changes", async (t) => {
  const server: TestServer = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const anon = server.client();
    const sellerClients = await Promise.all([0, 1, 2, 3, 4].map(() => server.client()));
    const sellers = await Promise.all(
      sellerClients.map((c, i) => c.register(undefined, `Seller${i} Person`)),
    );
    const made = await seedListings(sellers, 320);
    // One listing made the usual way (page, listing, approval), to buy and review below.
    const real = await approvedListing(server, admin, 4900, "Rocket crimson launch");

    await t.step("every sort, walked 20 at a time, is the full order", async () => {
      for (const sort of SORTS) {
        const ids = await walk(anon, `/api/marketplace?sort=${sort}`);
        assert.deepEqual(ids, await expected(sort), sort);
      }
      assert.equal((await walk(anon, "/api/marketplace")).length, 313);
    });

    await t.step("category and price filters, in every sort", async () => {
      for (const sort of SORTS) {
        const byCategory = await walk(anon, `/api/marketplace?sort=${sort}&category=event`);
        assert.deepEqual(byCategory, await expected(sort, (l) => l.category === "event"));
        const ranged = await walk(
          anon,
          `/api/marketplace?sort=${sort}&minPrice=800&maxPrice=1500`,
          7,
        );
        assert.deepEqual(ranged, await expected(sort, (l) => l.price >= 800 && l.price <= 1500));
        const both = await walk(
          anon,
          `/api/marketplace?sort=${sort}&category=saas&minPrice=1200`,
        );
        assert.deepEqual(
          both,
          await expected(sort, (l) => l.category === "saas" && l.price >= 1200),
        );
        const below = await walk(anon, `/api/marketplace?sort=${sort}&maxPrice=500`);
        assert.deepEqual(below, await expected(sort, (l) => l.price <= 500));
      }
      assert.deepEqual((await anon.get("/api/marketplace?category=nope")).body.items, []);
      assert.deepEqual(
        (await anon.get("/api/marketplace?minPrice=2000&maxPrice=100")).body.items,
        [],
      );
    });

    await t.step("a cursor that is not one → 400", async () => {
      for (
        const url of ["/api/marketplace?cursor=%F0%9F%98%80", "/api/marketplace?q=azure&cursor=abc"]
      ) {
        const res = await anon.get(url);
        assert.equal(res.status, 400, url);
        assert.equal(res.body.error.code, "invalid_cursor");
      }
      const html = await anon.get("/marketplace?cursor=%F0%9F%98%80", {
        headers: { accept: "text/html" },
      });
      assert.equal(html.status, 200, "the browse page starts again instead");
    });

    await t.step("text search finds by title words, sorted and paged like browsing", async () => {
      for (const sort of SORTS) {
        const ids = await walk(anon, `/api/marketplace?q=crimson&sort=${sort}`, 9);
        assert.deepEqual(ids, await expected(sort, (l) => /crimson/i.test(l.title)), sort);
      }
      const one = await walk(anon, "/api/marketplace?q=azure%20number41");
      assert.deepEqual(one, [made[41].id]);
      const pending = made[39]; // "ivory", never approved
      assert.ok(!(await walk(anon, "/api/marketplace?q=ivory")).includes(pending.id));
      const filtered = await walk(anon, "/api/marketplace?q=golden&category=agency&maxPrice=1500");
      assert.deepEqual(
        filtered,
        await expected(
          "newest",
          (l) => /golden/.test(l.title) && l.category === "agency" && l.price <= 1500,
        ),
      );
      assert.deepEqual(await walk(anon, "/api/marketplace?q=Seller2%20rocket"), []);
    });

    await t.step("a withdrawn listing leaves every order and the search at once", async () => {
      const gone = made[5];
      const seller = sellerClients[sellers.findIndex((s) => s.id === gone.sellerId)];
      assert.ok((await walk(anon, "/api/marketplace?sort=price_asc")).includes(gone.id));
      const pageUrl = `/marketplace?sort=price_asc&min=${gone.price / 100}&max=${gone.price / 100}`;
      const html = () => anon.get(pageUrl, { headers: { accept: "text/html" } });
      for (let i = 0; i < 2; i++) assert.ok((await html()).text.includes(gone.id), "served twice");
      assert.equal((await seller.delete(`/api/marketplace/${gone.id}`)).status, 200);
      assert.ok(!(await html()).text.includes(gone.id), "the signed-out page is rendered again");
      for (const sort of SORTS) {
        assert.deepEqual(await walk(anon, `/api/marketplace?sort=${sort}`), await expected(sort));
      }
      assert.ok(!(await walk(anon, `/api/marketplace?q=${WORDS[5 % 4]}`)).includes(gone.id));
    });

    await t.step(
      "a sale moves the listing in the popular order, a review in the rating order",
      async () => {
        const buyer = server.client();
        await buyer.register();
        const before = await walk(anon, "/api/marketplace?sort=popular");
        const created = await buyer.post("/api/payment/create", { listingId: real.listing.id });
        assert.equal(created.status, 201);
        const paid = await deliver(
          server,
          checkoutCompleted("evt_scale", created.body.transactionId),
        );
        assert.equal(paid.status, 200);
        const after = await walk(anon, "/api/marketplace?sort=popular");
        assert.notDeepEqual(after, before);
        assert.deepEqual(after, await expected("popular"));
        const unrated = (await walk(anon, "/api/marketplace?sort=rating")).indexOf(real.listing.id);
        const reviewed = await buyer.post(`/api/marketplace/${real.listing.id}/reviews`, {
          rating: 5,
          comment: "Great clean template",
        });
        assert.equal(reviewed.status, 201);
        const rated = await walk(anon, "/api/marketplace?sort=rating");
        assert.deepEqual(rated, await expected("rating"));
        assert.ok(rated.indexOf(real.listing.id) < unrated, "a 5-star review moves it up");
        // The search index follows the sale too (it hears of it from the market event).
        await eventually(async () => {
          const ids = await walk(anon, "/api/marketplace?q=crimson&sort=popular");
          assert.deepEqual(ids, await expected("popular", (l) => /crimson/i.test(l.title)));
          return true;
        });
      },
    );

    await t.step("a suspended seller's listings leave browsing and search at once", async () => {
      const off = sellers[1];
      await walk(anon, "/api/marketplace?sort=newest"); // fills the page cache
      const res = await admin.patch(`/api/admin/users/${off.id}`, { suspended: true });
      assert.equal(res.status, 200);
      const offSet = new Set([off.id]);
      for (const sort of SORTS) {
        assert.deepEqual(
          await walk(anon, `/api/marketplace?sort=${sort}`),
          await expected(sort, undefined, offSet),
        );
      }
      assert.deepEqual(
        await walk(anon, "/api/marketplace?q=azure"),
        await expected("newest", (l) => /azure/.test(l.title), offSet),
      );
      await admin.patch(`/api/admin/users/${off.id}`, { suspended: false });
      assert.deepEqual(await walk(anon, "/api/marketplace"), await expected("newest"));
    });

    await t.step("listings stored before the index get their entries once", async () => {
      const legacy: Listing = { ...made[0], id: newId(), title: "Legacy opal", price: 150 };
      await kv().set(keys.listing(legacy.id), legacy); // as written before the browse index
      await kv().delete(keys.listingIndexVersion());
      assert.ok(!(await walk(anon, "/api/marketplace?sort=price_asc")).includes(legacy.id));
      await backfillBrowseIndex();
      // 3: with the status index, the popularity order and the per-seller index
      assert.equal((await kv().get(keys.listingIndexVersion())).value, 3);
      await kv().set(keys.listing(legacy.id), { ...legacy, price: 160 }); // not indexed again:
      await backfillBrowseIndex(); // the flag says it is done
      const ids = await walk(anon, "/api/marketplace?sort=price_asc&maxPrice=150");
      assert.ok(ids.includes(legacy.id));
      await kv().set(keys.listing(legacy.id), legacy);
      for (const sort of SORTS) {
        assert.deepEqual(await walk(anon, `/api/marketplace?sort=${sort}`), await expected(sort));
      }
    });

    await t.step("an unpublished page takes its listing off sale", async () => {
      const unpublished = await real.seller.post(`/api/pages/${real.page.id}/unpublish`);
      assert.equal(unpublished.status, 200, unpublished.text);
      assert.ok(!(await walk(anon, "/api/marketplace?sort=rating")).includes(real.listing.id));
      assert.deepEqual(await walk(anon, "/api/marketplace?sort=rating"), await expected("rating"));
    });
  } finally {
    await server.close();
  }
});

Deno.test("sales and orders page by cursor over each user's index, newest first", async () => {
  const server: TestServer = await startTestServer(ADMIN_ENV);
  try {
    const seller = server.client();
    const buyer = server.client();
    const sellerUser = await seller.register();
    const buyerUser = await buyer.register();
    const base = Date.parse("2026-02-01T00:00:00Z");
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) {
      const id = newId(base + i * 1000);
      ids.push(id);
      const order: Order = {
        id,
        listingId: `listing${i}`,
        transactionId: `tx${i}`,
        buyerId: buyerUser.id,
        sellerId: sellerUser.id,
        title: `Sold template ${i}`,
        createdPageId: `page${i}`,
        price: 1000,
        currency: "usd",
        platformFee: 100,
        sellerAmount: 900,
        status: "delivered",
        released: false,
        createdAt: new Date(base + i * 1000).toISOString(),
        refundedAt: null,
      };
      await kv().atomic().set(keys.order(id), order)
        .set(keys.ordersBySeller(sellerUser.id, id), id)
        .set(keys.ordersByBuyer(buyerUser.id, id), id).commit();
    }
    const newestFirst = [...ids].reverse();
    assert.deepEqual(await walk(seller, "/api/sales"), newestFirst);
    assert.deepEqual(await walk(buyer, "/api/orders", 7), newestFirst);
    assert.deepEqual(await walk(buyer, "/api/sales"), [], "a buyer sold nothing");
    const first = await seller.get("/api/sales");
    assert.equal(typeof first.body.balance, "object");
    for (const url of ["/api/sales?cursor=%F0%9F%98%80", "/api/orders?cursor=%F0%9F%98%80"]) {
      const res = await seller.get(url);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error.code, "invalid_cursor");
    }
    const html = await seller.get("/sales", { headers: { accept: "text/html" } });
    assert.equal(html.status, 200);
    assert.match(html.text, /Sold template 44/);
    assert.doesNotMatch(html.text, /Sold template 24 ·/, "20 sales a page");
    const older = html.text.match(/href="\/sales\?cursor=([^"]+)"/);
    assert.ok(older, "a link to older sales");
    const next = await seller.get(`/sales?cursor=${older[1]}`, {
      headers: { accept: "text/html" },
    });
    assert.match(next.text, /Sold template 24 ·/);
    const orders = await buyer.get("/orders?cursor=%F0%9F%98%80", {
      headers: { accept: "text/html" },
    });
    assert.equal(orders.status, 200, "the page starts again at the first");
    assert.match(orders.text, /Sold template 44/);
  } finally {
    await server.close();
  }
});
