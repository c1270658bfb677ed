// Reading orders: a buyer's, a seller's, one, all (admin).
import { notFound } from "../http/index.ts";
import { getMany, keys, kv, listAll } from "../kv/index.ts";
import type { Order } from "./model.ts";

async function ordersFrom(prefix: Deno.KvKey): Promise<Order[]> {
  const ids = await listAll<string>(prefix);
  return (await getMany<Order>(ids.map(keys.order))).reverse();
}

export const listOrdersOfBuyer = (buyerId: string) => ordersFrom(["orders_by_buyer", buyerId]);
export const listOrdersOfSeller = (sellerId: string) => ordersFrom(["orders_by_seller", sellerId]);

export async function getOrder(id: string): Promise<Order> {
  const order = (await kv().get<Order>(keys.order(id))).value;
  if (!order) throw notFound("Order");
  return order;
}

export async function listAllOrders(filter: { status?: string } = {}): Promise<Order[]> {
  return (await listAll<Order>(keys.ordersAll()))
    .filter((o) => !filter.status || o.status === filter.status).reverse();
}
