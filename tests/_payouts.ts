// Payout fixtures: a seller with money ready to pay out.
import type { TestServer } from "./_helpers.ts";
import { keys, kv } from "../lib/kv/index.ts";

/** A seller with `available` minor units of usd ready to pay out (set directly: no sale needed). */
export async function sellerWithBalance(server: TestServer, available: number) {
  const seller = server.client();
  const user = await seller.register();
  await kv().set(keys.balance(user.id, "usd"), { available, held: 0, paidOut: 0, currency: "usd" });
  return { seller, user };
}
