// The assistant's knowledge reads the newest listings on sale from the browse index (bounded by
// KNOWN_LISTINGS), never the whole listings collection: pending and unpublished ones are left out.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, kv, newId, openKv } from "../lib/kv/index.ts";
import { knowledge } from "../lib/ai/retrieval.ts";
import { type Listing, writeListing } from "../lib/market/index.ts";
import { closeHubs } from "../lib/realtime/index.ts";

const listing = (i: number, extra: Partial<Listing>): Listing => ({
  id: newId(Date.parse("2026-01-01T00:00:00Z") + i * 1000),
  pageId: `p${i}`,
  sellerId: "s1",
  sellerName: "Seller",
  title: `Template ${i}`,
  description: "A page.",
  category: "saas",
  price: 1000,
  currency: "usd",
  images: [],
  status: "approved",
  pagePublished: true,
  updatePending: false,
  approvedAt: null,
  rejectReason: null,
  soldCount: 0,
  rating: 0,
  ratingSum: 0,
  reviewCount: 0,
  previewUrl: "http://example.test/",
  thumbnailUrl: null,
  createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 1000).toISOString(),
  updatedAt: "2026-01-01T00:00:00Z",
  ...extra,
} as Listing);

Deno.test({
  name: "assistant knowledge: the listings on sale, newest first, from the browse index",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      const all = [
        listing(1, {}),
        listing(2, { status: "pending" }),
        listing(3, { pagePublished: false }),
        listing(4, {}),
      ];
      const op = kv().atomic();
      for (const l of all) writeListing(op, null, l);
      assert.ok((await op.commit()).ok);
      const ids = (await knowledge()).filter((d) => d.kind === "listing").map((d) => d.id);
      assert.deepEqual(ids, [all[3].id, all[0].id]);
    } finally {
      closeHubs();
      closeKv();
    }
  },
});
