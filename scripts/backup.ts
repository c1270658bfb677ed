// deno task backup [file]: dump the KV store (DENO_KV_PATH or DENO_KV_URL, as the server reads
// them) to a gzip JSON-lines file with a checksum line. Default file: backups/landinghub-<time>.jsonl.gz
// A local store is dumped from a snapshot copy taken in one SQLite transaction (safe while the
// server runs); a remote store (DENO_KV_URL) is dumped live, each entry consistent on its own,
// and the output names the newest versionstamp it holds (lib/ops/snapshot.ts).
import { loadConfig } from "../lib/config.ts";
import { backupStore } from "../lib/ops/snapshot.ts";

const file = Deno.args[0] ??
  `backups/landinghub-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl.gz`;
const dir = file.replace(/[^/]*$/, "");
if (dir) await Deno.mkdir(dir, { recursive: true });
const cfg = loadConfig();
// Written under a temporary name and renamed when complete, so a cron job never leaves a
// half-written file under the final name.
const tmp = `${file}.partial`;
const out = await Deno.open(tmp, { write: true, create: true, truncate: true });
try {
  const res = await backupStore(
    { path: cfg.kvPath, url: cfg.kvUrl },
    out.writable,
    `${file}.scratch.sqlite`,
  );
  await Deno.rename(tmp, file);
  console.log(
    res.consistency === "snapshot"
      ? `Backed up ${res.count} entries to ${file} (a snapshot of the store at one moment)`
      : `Backed up ${res.count} entries to ${file} (remote store, read live: each entry is ` +
        `consistent on its own, not the store as a whole; newest versionstamp ${res.maxVersionstamp})`,
  );
} catch (err) {
  await Deno.remove(tmp).catch(() => {});
  throw err;
}
