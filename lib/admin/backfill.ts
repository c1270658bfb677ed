// The list indexes (users by role, orders by status, the inbox, the leads CSV's columns) for a store made before they
// existed. Runs at start, once: a flag in KV marks it done, so a restart costs one read. It runs
// before the server takes requests, so plain batched sets are enough (nothing writes meanwhile),
// and every set is idempotent, so a run cut short is simply redone.
import { indexUserRole, type UserRecord } from "../auth/index.ts";
import { indexRoom, type Room } from "../chat/index.ts";
import { keys, kv } from "../kv/index.ts";
import { backfillLeadFields } from "../leads/index.ts";
import { indexOrderStatus, type Order } from "../payments/index.ts";

const FLAG = "list_indexes_v1";
const BATCH = 100; // records per commit: at most 6 index entries each, under KV's 1,000 mutations

async function each<T>(prefix: Deno.KvKey, add: (op: Deno.AtomicOperation, v: T) => void) {
  let op = kv().atomic();
  let n = 0;
  let total = 0;
  for await (const e of kv().list<T>({ prefix })) {
    add(op, e.value);
    total++;
    if (++n === BATCH) {
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
  if ((await kv().get(keys.config(FLAG))).value) return 0;
  const n = await each<UserRecord>(keys.usersAll(), (op, u) => indexUserRole(op, null, u)) +
    await each<Order>(keys.ordersAll(), (op, o) => indexOrderStatus(op, null, o)) +
    await each<Room>(keys.roomsAll(), (op, r) => indexRoom(op, null, r)) +
    await backfillLeadFields();
  await kv().set(keys.config(FLAG), { at: new Date().toISOString(), records: n });
  return n;
}
