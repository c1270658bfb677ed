// A consistent backup of a local KV store. Deno KV cannot read a whole store at one versionstamp,
// but a local store is one SQLite file: SQLite's online backup, told to copy every page in one
// step, copies it inside a single read transaction, so the copy is the store as one commit left
// it, while the server keeps writing (SQLite's WAL lets readers and a writer run together).
// (`VACUUM INTO` would do the same, but Deno allows its ATTACH only with --allow-all.) The copy is opened as a KV store of its own, dumped,
// and removed. A remote store has no file to copy: its dump is made live and says "per-key".
import { backup, DatabaseSync } from "node:sqlite";
import { dumpKv, type DumpOptions } from "./backup.ts";

export interface BackupSource {
  /** The local store's file (DENO_KV_PATH). */
  path?: string;
  /** A remote store (DENO_KV_URL): dumped live. */
  url?: string | null;
}

/** How long the copy waits for a writer's lock before giving up (SQLite busy timeout). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Dumps `source` to `out` (see dumpKv). `scratch` is where the snapshot copy of a local store is
 * written (it needs as much room as the store) and removed afterwards.
 */
export async function backupStore(
  source: BackupSource,
  out: WritableStream<Uint8Array>,
  scratch: string,
  stats: NonNullable<DumpOptions["stats"]> = {},
): Promise<{ consistency: "snapshot" | "per-key"; count: number; maxVersionstamp: string }> {
  if (source.url || !source.path || source.path === ":memory:") {
    if (!source.url) throw new Error("An in-memory store cannot be backed up from outside");
    const kv = await Deno.openKv(source.url);
    try {
      const count = await dumpKv(kv, out, { consistency: "per-key", stats });
      return { consistency: "per-key", count, maxVersionstamp: stats.maxVersionstamp ?? "" };
    } finally {
      kv.close();
    }
  }
  await Deno.remove(scratch).catch(() => {});
  await copySqlite(source.path, scratch);
  try {
    const kv = await Deno.openKv(scratch);
    try {
      const count = await dumpKv(kv, out, { consistency: "snapshot", stats });
      return { consistency: "snapshot", count, maxVersionstamp: stats.maxVersionstamp ?? "" };
    } finally {
      kv.close();
    }
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(scratch + suffix).catch(() => {});
  }
}

/** The SQLite file at `from` as one transaction saw it, written to `to` (which must not exist). */
export async function copySqlite(from: string, to: string) {
  const db = new DatabaseSync(from);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // rate -1: all pages in one step, under one read lock (a smaller step would let a writer
    // in between steps, and SQLite would restart the copy).
    await backup(db, to, { rate: -1 });
  } finally {
    db.close();
  }
}
