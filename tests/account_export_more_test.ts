// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The account export also holds the user's experiments and discount codes (and nothing of another
// user's); deleting the account deletes their discount codes and experiments.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { kv } from "../lib/kv/index.ts";

Deno.test("account export: experiments and discount codes, own only; deletion removes them", async () => {
  const server = await startTestServer();
  try {
    const made: Record<string, { expId: string; code: string; client: any }> = {};
    for (const who of ["a", "b"]) {
      const client = server.client();
      await client.register();
      const page = (await client.post("/api/pages", { name: `P${who}` })).body.page;
      const exp = await client.post(`/api/pages/${page.id}/experiments`, {
        name: `Exp ${who}`,
        mode: "split",
        variants: [{ name: "B", weight: 50 }],
      });
      assert.equal(exp.status, 201, exp.text);
      const code = `CODE${who.toUpperCase()}`;
      const d = await client.post("/api/seller/discounts", { code, percentOff: 10 });
      assert.equal(d.status, 201, d.text);
      const shop = await client.put("/api/sellers/me", {
        handle: `shop-${who}-x`,
        bio: `Bio ${who}`,
      });
      assert.equal(shop.status, 200, shop.text);
      made[who] = { expId: exp.body.experiment.id, code, client };
    }
    const exportOf = async (who: string) => {
      const res = await made[who].client.get("/api/account/export");
      assert.equal(res.status, 200);
      return res;
    };
    const a = await exportOf("a");
    assert.deepEqual(a.body.experiments.map((e: any) => e.id), [made.a.expId]);
    assert.deepEqual(a.body.discountCodes.map((d: any) => d.code), [made.a.code]);
    assert.equal(a.body.storefront.handle, "shop-a-x");
    assert.equal(a.body.storefront.bio, "Bio a");
    assert.ok(!a.text.includes("shop-b-x"), "not b's storefront");
    assert.ok(!a.text.includes(made.b.expId) && !a.text.includes(made.b.code), "nothing of b's");

    const sellerA = a.body.profile.id;
    const del = await made.a.client.request("DELETE", "/api/account", {
      json: { password: "password123" },
    });
    assert.ok(del.status < 300, del.text);
    const left = [];
    for await (const e of kv().list({ prefix: ["discounts", sellerA] })) left.push(e.key);
    assert.deepEqual(left, [], "a's discount codes are gone");
    assert.equal((await kv().get(["seller_handles", "shop-a-x"])).value, null, "handle released");
    assert.equal((await kv().get(["seller_profiles", sellerA])).value, null);
    const b = await exportOf("b");
    assert.deepEqual(b.body.discountCodes.map((d: any) => d.code), [made.b.code]);
  } finally {
    await server.close();
  }
});
