// deno task backup [file]: dump the KV store (DENO_KV_PATH or DENO_KV_URL, as the server reads
// them) to a gzip JSON-lines file with a checksum line. Default file: backups/landinghub-<time>.jsonl.gz
import { loadConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/store.ts";
import { dumpKv } from "../lib/ops/backup.ts";

const file = Deno.args[0] ??
  `backups/landinghub-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl.gz`;
const dir = file.replace(/[^/]*$/, "");
if (dir) await Deno.mkdir(dir, { recursive: true });
const kv = await openKv(loadConfig());
// Written under a temporary name and renamed when complete, so a cron job never leaves a
// half-written file under the final name.
const tmp = `${file}.partial`;
const out = await Deno.open(tmp, { write: true, create: true, truncate: true });
try {
  const count = await dumpKv(kv, out.writable);
  await Deno.rename(tmp, file);
  console.log(`Backed up ${count} entries to ${file}`);
} catch (err) {
  await Deno.remove(tmp).catch(() => {});
  throw err;
} finally {
  closeKv();
}
