// `deno task backup` is a snapshot: while another process keeps moving value between pairs of
// keys that are always written together (one near the start of the key space, one near the end,
// so a live list reads them far apart in time), every pair in the dump is whole and equal.
import assert from "node:assert/strict";
import { backupStore } from "../lib/ops/snapshot.ts";
import { restoreKv, verifyDump } from "../lib/ops/backup.ts";

const PAIRS = 3000;

/** The writer: until killed, sets ["a", i] and ["z", i] to one new value in one commit. */
const WRITER = `
const kv = await Deno.openKv(Deno.args[0]);
let n = 0;
for (;;) {
  const i = Math.floor(Math.random() * ${PAIRS});
  n++;
  const v = { n, at: Date.now() };
  if (n % 7 === 0) {
    // Pairs also come and go whole.
    const j = ${PAIRS} + (n % 500);
    const gone = (await kv.get(["a", j])).value !== null;
    const op = kv.atomic();
    if (gone) op.delete(["a", j]).delete(["z", j]);
    else op.set(["a", j], v).set(["z", j], v);
    await op.commit();
  } else await kv.atomic().set(["a", i], v).set(["z", i], v).set(["writes"], n).commit();
}
`;

async function dumpLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await new Response(
    Deno.openSync(file).readable.pipeThrough(new DecompressionStream("gzip")),
  ).text();
  return text.trimEnd().split("\n").map((l) => JSON.parse(l));
}

/** Every ["a", i] has its ["z", i] with the same value, and the other way round. */
function assertWholePairs(lines: Record<string, unknown>[]) {
  const a = new Map<number, string>();
  const z = new Map<number, string>();
  for (const l of lines) {
    const k = l.k as unknown[] | undefined;
    if (!k || (k[0] !== "a" && k[0] !== "z")) continue;
    (k[0] === "a" ? a : z).set(k[1] as number, JSON.stringify(l.v));
  }
  assert.ok(a.size >= PAIRS, `${a.size} pairs`);
  const torn: number[] = [];
  for (const [i, v] of a) if (z.get(i) !== v) torn.push(i);
  for (const i of z.keys()) if (!a.has(i)) torn.push(i);
  assert.deepEqual(torn.slice(0, 10), [], `${torn.length} pairs torn in the dump`);
}

Deno.test("a backup taken while another process writes is a snapshot", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/live.kv`;
  const live = await Deno.openKv(path);
  let writer: Deno.ChildProcess | null = null;
  try {
    for (let i = 0; i < PAIRS; i += 250) {
      const op = live.atomic();
      for (let j = i; j < i + 250; j++) op.set(["a", j], { n: 0 }).set(["z", j], { n: 0 });
      await op.commit();
    }
    await Deno.writeTextFile(`${dir}/writer.ts`, WRITER);
    writer = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", "--unstable-kv", `${dir}/writer.ts`, path],
      stdout: "null",
      stderr: "inherit",
    }).spawn();
    const writes = async () => (await live.get<number>(["writes"])).value ?? 0;
    const deadline = Date.now() + 20_000;
    while ((await writes()) < 100) {
      if (Date.now() > deadline) throw new Error("the writer did not start writing");
      await new Promise((r) => setTimeout(r, 50));
    }

    // The library call, three times while writes go on.
    for (let round = 0; round < 3; round++) {
      const file = `${dir}/lib-${round}.jsonl.gz`;
      const before = await writes();
      const out = await Deno.open(file, { write: true, create: true });
      const res = await backupStore({ path }, out.writable, `${dir}/scratch.sqlite`);
      assert.equal(res.consistency, "snapshot");
      assert.ok((await writes()) > before, "the writer kept writing during the backup");
      assertWholePairs(await dumpLines(file));
      assert.equal(await verifyDump(() => Deno.openSync(file).readable), res.count);
      assert.match(res.maxVersionstamp, /^[0-9a-f]{20}$/);
    }

    // A job of the embedded KV queue: its message is not a KV entry, so no dump holds it.
    await live.set(["jobs_pending", "01JOB"], { type: "mail.send", runAt: 0, attempts: 0 });
    // The task, as cron runs it (its permissions, its output).
    const file = `${dir}/task.jsonl.gz`;
    const task = await new Deno.Command(Deno.execPath(), {
      args: ["task", "backup", file],
      cwd: new URL("..", import.meta.url).pathname,
      env: { DENO_KV_PATH: path },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(task.stdout) + new TextDecoder().decode(task.stderr);
    assert.equal(task.code, 0, said);
    assert.match(said, /snapshot/);
    const lines = await dumpLines(file);
    assert.equal(lines[0].consistency, "snapshot");
    assertWholePairs(lines);
    assert.deepEqual(
      await Array.fromAsync(Deno.readDir(dir)).then((e) =>
        e.map((x) => x.name).filter((n) => n.includes("scratch") || n.includes("partial"))
      ),
      [],
      "no scratch copy or partial file is left behind",
    );

    // `deno task restore` loads it into an empty store and drops the pending record of the job
    // that did not come with it (it would show in the queue depth for ever).
    const restored = `${dir}/restored.kv`;
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["task", "restore", file],
      cwd: new URL("..", import.meta.url).pathname,
      env: { DENO_KV_PATH: restored },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const told = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, told);
    assert.match(told, /1 jobs of the embedded queue were not in the backup/);
    const back = await Deno.openKv(restored);
    try {
      assert.equal((await back.get(["jobs_pending", "01JOB"])).value, null);
      assert.ok((await back.get(["a", 0])).value !== null);
    } finally {
      back.close();
    }

    // And it restores into an empty store, whole.
    const target = await Deno.openKv(":memory:");
    try {
      await restoreKv(target, () => Deno.openSync(file).readable);
      const a = await Array.fromAsync(target.list({ prefix: ["a"] }));
      const z = await Array.fromAsync(target.list({ prefix: ["z"] }));
      assert.deepEqual(a.map((e) => e.value), z.map((e) => e.value));
    } finally {
      target.close();
    }
  } finally {
    if (writer) {
      writer.kill("SIGKILL");
      await writer.status;
    }
    live.close();
    await Deno.remove(dir, { recursive: true });
  }
});
