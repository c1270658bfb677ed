// Backups: the demo store (plus values JSON cannot hold: KvU64, bytes, dates, bigint keys) goes
// through `deno task backup`'s dump and `deno task restore`'s load and comes back key for key.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { dumpKv, restoreKv, verifyDump } from "../lib/ops/backup.ts";

async function everything(store: Deno.Kv) {
  const out: [Deno.KvKey, unknown][] = [];
  for await (const e of store.list({ prefix: [] })) out.push([e.key, e.value]);
  return out;
}

Deno.test("a seeded demo store round-trips through backup and restore", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/demo.jsonl.gz`;
  // The demo store on a file, dumped once the server is stopped (its jobs write while it runs).
  const server = await startTestServer({ SEED_DEMO: "1", DENO_KV_PATH: `${dir}/demo.kv` });
  await server.close();
  const source = await Deno.openKv(`${dir}/demo.kv`);
  let original: [Deno.KvKey, unknown][];
  try {
    await source.atomic()
      .set(["backup_test", "bytes"], new Uint8Array([0, 1, 2, 255]))
      .set(["backup_test", "u64"], new Deno.KvU64(12345678901234567890n))
      .set(["backup_test", 7n, true, new Uint8Array([9])], {
        at: new Date(0),
        $t: "not a tag",
        nested: [undefined, NaN, -Infinity, { big: 1n }],
        map: new Map([["a", 1]]),
      })
      .commit();
    const out = await Deno.open(file, { write: true, create: true });
    const count = await dumpKv(source, out.writable);
    original = await everything(source);
    assert.equal(count, original.length);
    assert.ok(count > 50, `the demo store has ${count} entries`);
  } finally {
    source.close();
  }
  const target = await Deno.openKv(`${dir}/restored.kv`);
  try {
    await t.step("restore writes every key and value back", async () => {
      const open = () => Deno.openSync(file).readable;
      assert.equal(await restoreKv(target, open), original.length);
      const restored = await everything(target);
      assert.equal(restored.length, original.length);
      assert.deepEqual(restored, original);
      const u64 = (await target.get<Deno.KvU64>(["backup_test", "u64"])).value;
      assert.ok(u64 instanceof Deno.KvU64);
      assert.equal(u64.value, 12345678901234567890n);
    });

    await t.step("restore refuses a store that is not empty", async () => {
      await assert.rejects(
        () => restoreKv(target, () => Deno.openSync(file).readable),
        /not empty/,
      );
    });

    await t.step("a damaged or truncated file is refused before anything is written", async () => {
      const text = await new Response(
        Deno.openSync(file).readable.pipeThrough(new DecompressionStream("gzip")),
      ).text();
      const gz = (s: string) =>
        new Blob([s]).stream().pipeThrough(new CompressionStream("gzip")) as ReadableStream<
          Uint8Array<ArrayBuffer>
        >;
      const tampered = text.replace("Rocket", "Rocker");
      assert.notEqual(tampered, text);
      await assert.rejects(() => verifyDump(() => gz(tampered)), /checksum/);
      const lines = text.trimEnd().split("\n");
      await assert.rejects(
        () => verifyDump(() => gz(lines.slice(0, -1).join("\n") + "\n")),
        /truncated/,
      );
      const empty = await Deno.openKv(":memory:");
      try {
        await assert.rejects(() => restoreKv(empty, () => gz(tampered)), /checksum/);
        assert.equal((await everything(empty)).length, 0);
      } finally {
        empty.close();
      }
    });
  } finally {
    target.close();
    await Deno.remove(dir, { recursive: true });
  }
});
