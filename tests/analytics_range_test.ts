// The analytics range never reaches past today (UTC): `from` alone runs to today, and a `to` in
// the future is clamped to today.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

Deno.test("analytics range: `from` alone ends today; a future `to` is clamped to today", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Range", slug: "an-range" })).body.page;
    const get = (q: string) => owner.get(`/api/pages/${page.id}/analytics${q}`);
    const today = day(0);

    const fromOnly = await get(`?from=${day(-3)}`);
    assert.equal(fromOnly.status, 200, fromOnly.text);
    assert.equal(fromOnly.body.from, day(-3));
    assert.equal(fromOnly.body.to, today);
    assert.equal(fromOnly.body.days.length, 4);

    const future = await get(`?from=${day(-1)}&to=${day(10)}`);
    assert.equal(future.status, 200, future.text);
    assert.equal(future.body.to, today);
    assert.equal(future.body.days.at(-1).date, today);

    const dflt = await get("");
    assert.equal(dflt.body.to, today);
    assert.equal(dflt.body.days.length, 30);

    // A range starting after today is empty of meaning: a 422, not a run of future days.
    assert.equal((await get(`?from=${day(2)}`)).status, 422);
  } finally {
    await server.close();
  }
});
