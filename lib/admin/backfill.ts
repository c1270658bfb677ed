// The list indexes (users by role, orders by status, the inbox, the leads CSV's columns) for a
// store made before they existed, and the inbox index's room copies for a store whose inbox
// entries hold only ids. Runs at start, once: flags in KV mark it done, so a restart costs one
// read. It runs before the server takes requests, so plain batched sets are enough (nothing writes meanwhile),
// and every set is idempotent, so a run cut short is simply redone.
import { indexUserRole, type UserRecord } from "../auth/index.ts";
import { indexRoom, type Room } from "../chat/index.ts";
import { keys, kv } from "../kv/index.ts";
import { backfillLeadFields } from "../leads/index.ts";
import { indexOrderStatus, type Order } from "../payments/index.ts";

const FLAG = "list_indexes_v1";
/** The inbox index holding the rooms themselves, not their ids (see lib/chat/inbox.ts). */
const ROOM_COPIES = "inbox_room_copies_v1";
const BATCH = 100; // records per commit: at most 7 index entries each, under KV's 1,000 mutations

async function each<T>(
  prefix: Deno.KvKey,
  add: (op: Deno.AtomicOperation, v: T) => void,
  batch = BATCH,
) {
  let op = kv().atomic();
  let n = 0;
  let total = 0;
  for await (const e of kv().list<T>({ prefix })) {
    add(op, e.value);
    total++;
    if (++n === batch) {
      await op.commit();
      op = kv().atomic();
      n = 0;
    }
  }
  if (n) await op.commit();
  return total;
}

/** Write the list indexes of every existing record, once per store; returns records indexed. */
export async function backfillListIndexes(): Promise<number> {
  const [all, copies] = await kv().getMany([keys.config(FLAG), keys.config(ROOM_COPIES)]);
  if (all.value && copies.value) return 0;
  // A store with the list indexes but id-only inbox entries: only the inbox is rewritten.
  const n = all.value ? await indexRooms() : await indexAll();
  const done = { at: new Date().toISOString(), records: n };
  await kv().atomic()
    .set(keys.config(FLAG), all.value ?? done)
    .set(keys.config(ROOM_COPIES), done)
    .commit();
  return n;
}

async function indexAll() {
  return await each<UserRecord>(keys.usersAll(), (op, u) => indexUserRole(op, null, u)) +
    await each<Order>(keys.ordersAll(), (op, o) => indexOrderStatus(op, null, o)) +
    await indexRooms() +
    await backfillLeadFields();
}

// Up to 7 copies of a room a commit (a room with a long CSAT comment in Thai is ~7 kB): 10
// rooms stay well under KV's 800 kB per commit.
const indexRooms = () => each<Room>(keys.roomsAll(), (op, r) => indexRoom(op, null, r), 10);
