// deno task restore <file>: load a backup (scripts/backup.ts) into the KV store named by
// DENO_KV_PATH / DENO_KV_URL. The store must be empty; the file's checksum is verified first.
import { loadConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/store.ts";
import { restoreKv } from "../lib/ops/backup.ts";
import { queueKeys } from "../lib/queue/keys.ts";

const file = Deno.args[0];
if (!file) {
  console.error("Usage: deno task restore <backup.jsonl.gz>");
  Deno.exit(2);
}
const kv = await openKv(loadConfig());
try {
  const count = await restoreKv(kv, () => Deno.openSync(file).readable);
  console.log(`Restored ${count} entries from ${file}`);
  // Messages of the embedded KV queue are not KV entries, so no dump holds them: the records
  // that counted them for /metrics would count jobs that will never run.
  let dropped = 0;
  for await (const e of kv.list({ prefix: queueKeys.jobsPendingPrefix() })) {
    await kv.delete(e.key);
    dropped++;
  }
  if (dropped) console.log(`${dropped} jobs of the embedded queue were not in the backup`);
} catch (err) {
  console.error(`Restore failed: ${err instanceof Error ? err.message : err}`);
  Deno.exitCode = 1;
} finally {
  closeKv();
}
