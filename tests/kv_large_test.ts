// lib/kv/large.ts: records over KV's 64 KiB value limit round-trip through chunks, small ones stay
// plain, a rewrite or delete leaves no chunks behind, and the manifest's versionstamp guards it.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, deleteLarge, getLarge, kv, openKv, setLarge } from "../lib/kv/index.ts";

const chunkCount = async () => {
  let n = 0;
  for await (const _ of kv().list({ prefix: ["large_chunks"] })) n++;
  return n;
};

Deno.test("large values: chunks round-trip, are replaced and deleted with their record", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    const key = ["docs", "a"];
    // Varied text (compresses less than repeated words): ~300 KB.
    const body = Array.from({ length: 20_000 }, (_, i) => `${i.toString(36)}-${(i * 7919) % 10007}`)
      .join(" ");
    const record = { id: "a", title: "Long", body };

    await setLarge(kv().atomic(), key, record, null, { spill: ["body"] }).commit();
    const stored = (await kv().get<Record<string, unknown>>(key)).value!;
    assert.equal(stored.title, "Long", "small fields stay readable at the key");
    assert.equal(stored.body, undefined, "the large field is not at the key");
    assert.ok(await chunkCount() >= 1);
    const read = await getLarge<typeof record>(key);
    assert.deepEqual(read.value, record);

    // A rewrite checked against the read replaces the chunks; a stale write is refused.
    const next = { ...record, body: body.toUpperCase() };
    const ok = await setLarge(kv().atomic().check(read), key, next, read, { spill: ["body"] })
      .commit();
    assert.ok(ok.ok);
    const stale = await setLarge(kv().atomic().check(read), key, record, read, { spill: ["body"] })
      .commit();
    assert.equal(stale.ok, false, "the manifest's versionstamp guards the whole value");
    const after = await getLarge<typeof record>(key);
    assert.equal(after.value!.body, body.toUpperCase());
    const chunks = await chunkCount();

    // Small values are stored as they are, and writing one over a chunked value drops its chunks.
    await setLarge(kv().atomic(), key, { id: "a", title: "Short", body: "x" }, after, {
      spill: ["body"],
    }).commit();
    assert.deepEqual((await kv().get(key)).value, { id: "a", title: "Short", body: "x" });
    assert.equal(await chunkCount(), 0, `${chunks} chunks were dropped`);

    await setLarge(kv().atomic(), key, record, null, { spill: ["body"] }).commit();
    await deleteLarge(kv().atomic(), key, await kv().get(key)).commit();
    assert.equal((await kv().get(key)).value, null);
    assert.equal(await chunkCount(), 0, "deleting the record deletes its chunks");
  } finally {
    closeKv();
  }
});
