// `deno task seed:large` (scripts/seed-large.ts) at a tiny scale on :memory:: every collection has
// the size asked for, written through the app's own lib functions (counters agree with records).
import assert from "node:assert/strict";
import { closeKv, keys, kv, openKv, readCounter } from "../lib/kv/index.ts";
import { readStats } from "../lib/admin/stats.ts";
import { DEMO_USERS } from "../lib/seed/index.ts";
import { seedConfig, seedLarge, sizesAt } from "../scripts/seed-large.ts";

async function count(prefix: Deno.KvKey, pred: (v: unknown) => boolean = () => true) {
  let n = 0;
  for await (const e of kv().list({ prefix })) if (pred(e.value)) n++;
  return n;
}

Deno.test("seed:large fills a store with the sizes asked for", async () => {
  const scale = 0.002;
  const sizes = sizesAt(scale);
  assert.deepEqual(sizes, {
    users: 10,
    sellers: 4,
    listings: 20,
    leads: 100,
    messages: 40,
    openRooms: 1,
    orders: 10,
  });
  await openKv(seedConfig({ DENO_KV_PATH: ":memory:" }));
  try {
    const s = await seedLarge(scale);
    const stats = await readStats();
    const demoListings = 4;
    // the demo accounts, the seed's admin, and the users asked for
    assert.equal(stats.users, DEMO_USERS.length + 1 + sizes.users);
    assert.equal(stats.listings, demoListings + sizes.listings);
    assert.equal(stats.pendingListings, 0);
    assert.equal(
      await count(["listings"], (l) => (l as { status: string }).status === "approved"),
      demoListings + sizes.listings,
    );
    assert.equal(await count(["leads", s.leadsPageId]), sizes.leads);
    assert.equal(await readCounter(keys.pageLeadCount(s.leadsPageId)), sizes.leads);
    assert.equal(stats.leads, sizes.leads);
    assert.equal(await count(keys.messages(s.chatRoomId)), sizes.messages);
    assert.equal(stats.orders, sizes.orders);
    assert.equal(await count(["orders"]), sizes.orders);
    // a fifth of the orders are the big seller's sales
    assert.equal(await count(["orders_by_seller", s.bigSeller.id]), sizes.orders / 5);
    // the big seller's room plus the open ones
    assert.equal(stats.openChats, 1 + sizes.openRooms);
    // queued side effects (mails, thumbnails) were dropped, none left for a server to run
    assert.ok(s.droppedJobs >= sizes.leads);
    assert.equal(await count(["jobs"]), 0);
    assert.equal(await count(keys.jobsDuePrefix()), 0);
  } finally {
    closeKv();
  }
});
