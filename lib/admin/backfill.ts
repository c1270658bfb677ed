// The list indexes (users by role, orders by status, the inbox, the leads CSV's columns) for a
// store made before they existed, and the inbox index's room copies for a store whose inbox
// entries hold only ids. Runs at start, once: flags in KV mark it done, so a restart costs one
// read. Other instances sharing the KV (README "Scaling out") may be serving and writing these
// records meanwhile, so each batch's commit checks every record it indexes against the version it
// read, and a batch that lost a race is read again and redone: an index entry written from a stale
// read would sit at keys the record has left (a ghost row no later write deletes) or overwrite
// the fresh copy. Every set is idempotent, so a run cut short is simply redone.
import { indexUserRole, type UserRecord } from "../auth/index.ts";
import { indexRoom, type Room } from "../chat/index.ts";
import { keys, kv, retryAtomic } from "../kv/index.ts";
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
  let page: Deno.KvEntryMaybe<T>[] = [];
  let total = 0;
  for await (const e of kv().list<T>({ prefix })) {
    page.push(e);
    if (page.length === batch) {
      total += await commitBatch(page, add);
      page = [];
    }
  }
  if (page.length) total += await commitBatch(page, add);
  return total;
}

/** One batch in one commit, as of the versions checked (see the top of this file); returns records indexed. */
function commitBatch<T>(
  read: Deno.KvEntryMaybe<T>[],
  add: (op: Deno.AtomicOperation, v: T) => void,
) {
  let fresh: Deno.KvEntryMaybe<T>[] | null = read;
  return retryAtomic(async (op) => {
    const entries = fresh ?? await reread<T>(read.map((e) => e.key));
    fresh = null; // a retry means another writer changed a record of the batch: read them again
    let n = 0;
    for (const e of entries) {
      op.check(e); // one per record: BATCH stays within KV's 100 checks a commit
      if (e.value === null) continue; // deleted meanwhile: so were its index entries
      add(op, e.value);
      n++;
    }
    return n;
  });
}

async function reread<T>(list: Deno.KvKey[]) {
  const out: Deno.KvEntryMaybe<T>[] = [];
  for (let i = 0; i < list.length; i += 10) { // KV's getMany takes 10 keys
    out.push(...await kv().getMany<T[]>(list.slice(i, i + 10)));
  }
  return out;
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
