// Reading orders: a buyer's, a seller's (one page at a time over their per-user index), one, all
// (admin).
import { notFound } from "../http/index.ts";
import { getMany, keys, kv, listAll, listKvEntries, listKvPage, type Paged } from "../kv/index.ts";
import type { Order } from "./model.ts";

async function ordersFrom(prefix: Deno.KvKey): Promise<Order[]> {
  const ids = await listAll<string>(prefix);
  return (await getMany<Order>(ids.map(keys.order))).reverse();
}

/**
 * One page of the orders indexed under `prefix`, newest first: order ids are time-sorted, so the
 * index's key order is the order shown and the KV cursor continues it.
 */
async function orderPage(
  prefix: Deno.KvKey,
  opts: { limit: number; cursor?: string | null },
): Promise<Paged<Order>> {
  const { entries, cursor } = await listKvEntries<string>(prefix, opts);
  return { items: await getMany<Order>(entries.map((e) => keys.order(e.value))), cursor };
}

/** Every order of a buyer (small per user; the routes page with `pageOrdersOfBuyer`). */
export const listOrdersOfBuyer = (buyerId: string) => ordersFrom(["orders_by_buyer", buyerId]);
/** Every sale of a seller (the routes page with `pageOrdersOfSeller`). */
export const listOrdersOfSeller = (sellerId: string) => ordersFrom(["orders_by_seller", sellerId]);

export const pageOrdersOfBuyer = (
  buyerId: string,
  opts: { limit: number; cursor?: string | null },
) => orderPage(["orders_by_buyer", buyerId], opts);
export const pageOrdersOfSeller = (
  sellerId: string,
  opts: { limit: number; cursor?: string | null },
) => orderPage(["orders_by_seller", sellerId], opts);

export async function getOrder(id: string): Promise<Order> {
  const order = (await kv().get<Order>(keys.order(id))).value;
  if (!order) throw notFound("Order");
  return order;
}

/**
 * Keep the status index in step with an order write, in the same atomic operation: the entry
 * under the old status goes when it changes. Every write of an order record calls this.
 */
export function indexOrderStatus(
  op: Deno.AtomicOperation,
  before: Order | null,
  after: Order,
): Deno.AtomicOperation {
  if (before && before.status !== after.status) {
    op.delete(keys.orderByStatus(before.status, before.id));
  }
  return op.set(keys.orderByStatus(after.status, after.id), after.id);
}

/** One page of every order (admin), newest first; with `status`, over the status index. */
export async function listAllOrders(
  filter: { status?: string } = {},
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Order>> {
  const opts = { limit: page.limit ?? 20, cursor: page.cursor };
  if (!filter.status) return await listKvPage<Order>(keys.ordersAll(), opts);
  const { entries, cursor } = await listKvEntries<string>(keys.ordersByStatus(filter.status), opts);
  return { items: await getMany<Order>(entries.map((e) => keys.order(e.value))), cursor };
}
