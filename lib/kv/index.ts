// Deno KV toolkit: opening the store, key builders (each domain owns its own; merged here for
// callers that still use one object), ids, retryAtomic, paging, counters and large values.
import { kv } from "./store.ts";
import { sharedKeys } from "./keys.ts";
import { authKeys } from "../auth/keys.ts";
import { pageKeys } from "../pages/keys.ts";
import { siteKeys } from "../sites/keys.ts";
import { leadKeys } from "../leads/keys.ts";
import { uploadKeys } from "../uploads/keys.ts";
import { marketKeys } from "../market/keys.ts";
import { paymentKeys } from "../payments/keys.ts";
import { chatKeys } from "../chat/keys.ts";
import { notificationKeys } from "../notifications/keys.ts";
import { realtimeKeys } from "../realtime/keys.ts";
import { adminKeys } from "../admin/keys.ts";
import { mailKeys } from "../mail/keys.ts";
import { queueKeys } from "../queue/keys.ts";
import { analyticsKeys } from "../analytics/keys.ts";
import { experimentKeys } from "../experiments/keys.ts";

export { closeKv, kv, openKv } from "./store.ts";
export { idTime, idTimePrefix, newId } from "./ids.ts";
export { ATOMIC_ATTEMPTS, NoCommit, noCommit, retryAtomic } from "./atomic.ts";
export { addToCounter, counterValue, readCounter } from "./counters.ts";
export { bufferSum, flushBuffered, onFlush } from "./buffered.ts";
export {
  idBound,
  idCursor,
  kvCursor,
  listAfterId,
  listKvEntries,
  listKvPage,
  listPage,
  listParams,
  pageById,
  type Paged,
  pageInOrder,
  pageParams,
  parseLimit,
  sliceById,
  sliceInOrder,
} from "./paging.ts";
export {
  deleteLarge,
  getLarge,
  getManyLarge,
  hydrate,
  type LargeEntry,
  setLarge,
} from "./large.ts";

/** Every key builder, merged from the domains' own `keys.ts` files. */
export const keys = {
  ...sharedKeys,
  ...authKeys,
  ...mailKeys,
  ...pageKeys,
  ...siteKeys,
  ...leadKeys,
  ...uploadKeys,
  ...marketKeys,
  ...paymentKeys,
  ...chatKeys,
  ...notificationKeys,
  ...realtimeKeys,
  ...adminKeys,
  ...queueKeys,
  ...analyticsKeys,
  ...experimentKeys,
} as const;

/** Resolve index entries whose value is a record id into records (missing ones skipped). */
export async function getMany<T>(keyList: Deno.KvKey[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keyList.length; i += 10) {
    const entries = await kv().getMany<T[]>(keyList.slice(i, i + 10));
    for (const e of entries) if (e.value !== null) out.push(e.value);
  }
  return out;
}

/** All values under a prefix (for small collections and admin scans). */
export async function listAll<T>(prefix: Deno.KvKey): Promise<T[]> {
  const out: T[] = [];
  for await (const e of kv().list<T>({ prefix })) out.push(e.value);
  return out;
}

export function nowIso(): string {
  return new Date().toISOString();
}
