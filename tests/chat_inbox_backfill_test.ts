// The start-up backfill of the inbox index's room copies may run while another instance (sharing
// the remote KV, see README "Scaling out") writes rooms: a room written between the backfill's read
// and its commit must not leave a stale copy behind, neither at keys the room has left (a ghost row
// in the inbox forever) nor over the fresh copy. Made deterministic by writing a room of the batch
// just before the batch's commit.
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, keys, kv, openKv } from "../lib/kv/index.ts";
import {
  commitRoom,
  createRoom,
  renameRoomUser,
  type Room,
  roomIndexKeys,
} from "../lib/chat/index.ts";
import { backfillListIndexes } from "../lib/admin/backfill.ts";

const INDEX = keys.roomIndex([])[0];

/**
 * Runs `fn` with every other KV commit that writes inbox copies preceded (`times` times in all)
 * by `meanwhile(roomId)` on the first room that commit copies: another instance's write landing
 * between the backfill's read and its commit, in several batches (every other commit, so a redone
 * batch can succeed and the next batch is hit too).
 */
async function withWritesBeforeCommits<T>(
  times: number,
  meanwhile: (roomId: string, n: number) => Promise<unknown>,
  fn: () => Promise<T>,
) {
  const store = kv() as unknown as { atomic: () => Deno.AtomicOperation };
  const atomic = store.atomic;
  let n = 0;
  let commits = 0;
  let inside = false; // the interfering write's own commits pass through
  store.atomic = () => {
    const op = atomic.call(kv());
    if (inside) return op;
    let roomId: string | null = null;
    const set = op.set;
    op.set = (key, value, opts) => {
      if (key[0] === INDEX && typeof value === "object") roomId ??= (value as Room).id;
      return set.call(op, key, value, opts);
    };
    const commit = op.commit;
    op.commit = async () => {
      if (roomId && commits++ % 2 === 0 && n < times) {
        inside = true;
        try {
          await meanwhile(roomId, n++);
        } finally {
          inside = false;
        }
      }
      return await commit.call(op);
    };
    return op;
  };
  try {
    return { result: await fn(), writes: n };
  } finally {
    store.atomic = atomic;
  }
}

/** Every way the index can disagree with the rooms: entries not at a room's current keys, stale copies, missing keys. */
async function indexProblems() {
  const rooms = new Map<string, Room>();
  for await (const e of kv().list<Room>({ prefix: keys.roomsAll() })) {
    rooms.set(e.value.id, e.value);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for await (const e of kv().list<Room | string>({ prefix: [INDEX] })) {
    const id = typeof e.value === "string" ? e.value : e.value.id;
    const room = rooms.get(id);
    const key = JSON.stringify(e.key);
    seen.add(key);
    if (!room) problems.push(`entry of a missing room: ${key}`);
    else if (!roomIndexKeys(room).some((k) => JSON.stringify(k) === key)) {
      problems.push(`ghost: ${key}`);
    } else if (typeof e.value === "string") problems.push(`id-only: ${key}`);
    else if (JSON.stringify(e.value) !== JSON.stringify(room)) problems.push(`stale: ${key}`);
  }
  for (const room of rooms.values()) {
    for (const k of roomIndexKeys(room)) {
      if (!seen.has(JSON.stringify(k))) problems.push(`missing: ${JSON.stringify(k)}`);
    }
  }
  return problems;
}

Deno.test("inbox backfill: rooms written meanwhile leave no ghost or stale index entry", async () => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    await backfillListIndexes(); // a store that has had its list indexes since it was made
    for (let i = 0; i < 120; i++) {
      await createRoom({ id: `user-${i}`, name: `User ${i}` }, {
        subject: `Question ${i}`,
        message: `Hello ${i}`,
      });
    }
    // As stores written before the index carried rooms: every entry holds only the room's id.
    for await (const e of kv().list<Room | string>({ prefix: [INDEX] })) {
      await kv().set(e.key, typeof e.value === "string" ? e.value : e.value.id);
    }
    await kv().delete(keys.config("inbox_room_copies_v1"));
    assert.deepEqual(
      (await indexProblems()).filter((p) => !p.startsWith("id-only")),
      [],
      "a consistent id-only store to start from",
    );

    // Writes that move a room's keys (a reply, a status change) and one that keeps them (a rename).
    const { writes } = await withWritesBeforeCommits(
      6,
      (roomId, n) =>
        n % 3 === 2 ? renameRoomUser(roomId, `Renamed ${n}`) : commitRoom(
          roomId,
          (r) => ({ ...r, status: n % 3 ? "resolved" : "assigned", adminId: "admin-1" }),
          { senderId: "admin-1", senderType: "admin", message: `Reply ${n}` },
        ),
      () => backfillListIndexes(),
    );
    assert.equal(writes, 6, "every interfering write ran");
    assert.deepEqual(await indexProblems(), []);
    assert.equal(await backfillListIndexes(), 0, "once");
  } finally {
    closeKv();
  }
});
