// A seller with many listings: the sales page and the admin's user view show one bounded page
// of them (cursor-paged, not the whole collection) with a "More listings" link that works.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn } from "./_vn.ts";
import { keys, kv } from "../lib/kv/index.ts";

Deno.test("sales page and admin user view page a seller's listings", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, SCRYPT_LOG_N: "4" });
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 500, "usd", "Kit 000");
    const me = (await seller.get("/api/auth/me")).body.user;
    // 59 more listings of the same seller, written as the listing code writes them.
    for (let n = 1; n < 60; n++) {
      const id = `${listing.id}x${String(n).padStart(3, "0")}`;
      const copy = { ...listing, id, title: `Copy ${String(n).padStart(3, "0")}` };
      await kv().atomic().set(keys.listing(id), copy).set(keys.listingsBySeller(me.id, id), id)
        .commit();
    }
    const titles = (html: string) => new Set(html.match(/Copy \d{3}/g) ?? []);
    const next = (html: string, base: string) =>
      html.match(new RegExp(`href="${base}\\?listings=([^"]+)"`))?.[1];

    for (const [who, base] of [[seller, "/sales"], [admin, `/admin/users/${me.id}`]] as const) {
      const first = await who.get(base);
      assert.equal(first.status, 200, first.text.slice(0, 300));
      const one = titles(first.text);
      assert.ok(one.size > 0 && one.size <= 50, `${base}: ${one.size} listings on the first page`);
      const cursor = next(first.text, base);
      assert.ok(cursor, `${base}: a link to more listings`);
      const second = await who.get(`${base}?listings=${cursor}`);
      assert.equal(second.status, 200);
      const two = titles(second.text);
      assert.ok(two.size > 0 && [...two].every((t) => !one.has(t)), `${base}: the next page`);
      assert.equal(one.size + two.size, 59, `${base}: every copy on the two pages`);
    }
  } finally {
    await server.close();
  }
});
