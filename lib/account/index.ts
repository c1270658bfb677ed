// Data rights: a user's export of everything that is theirs, and deletion of their account.
// Deletion removes what is only theirs (pages, sites, revisions, leads, uploads) and turns the
// user record into a tombstone ("Deleted user", no email, no password, suspended, token version
// raised): every session and token stops working at once, sign-in by email is impossible, and
// orders/payouts/chat kept for the other party and for accounting still resolve to a name.
import { deletePageExperiments, listExperiments } from "../experiments/index.ts";
import { discountKeys, listDiscounts } from "../market/discounts.ts";
import { getLarge, getMany, keys, kv, listAll, nowIso } from "../kv/index.ts";
import { deleteLarge } from "../kv/large.ts";
import { retryAtomic } from "../kv/atomic.ts";
import { AppError, notFound } from "../http/index.ts";
import { getUser, type UserRecord, verifyPassword } from "../auth/index.ts";
import { deletePage, getPage } from "../pages/index.ts";
import { getBalance, getBalances, listPayouts } from "../payments/index.ts";
import { payoutDetailKeys } from "../payments/payout-details.ts";
import type { Order } from "../payments/model.ts";
import { renameRoomUser, type Room } from "../chat/rooms.ts";
import { eraseExtras, exportExtras } from "./extras.ts";
import { writeSellerStanding } from "../market/browse-index.ts";

export { adminDeleteAccount, adminExportAccount, isDeleted } from "./admin.ts";

const DELETED_NAME = "Deleted user";

/** The prefix of an index key built by its owner's builder (the key minus its record id). */
const under = (key: Deno.KvKey): Deno.KvKey => key.slice(0, -1);

/** Ids listed under an index prefix whose last key part is the record id. */
async function indexIds(prefix: Deno.KvKey): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of kv().list({ prefix })) ids.push(String(e.key.at(-1)));
  return ids;
}

/** Everything of `userId`'s as one JSON-ready object (no secrets: no hash, tokens or sessions). */
export async function exportAccount(userId: string) {
  const user = await getUser(userId);
  if (!user) throw notFound("Account");
  const pageIds = await indexIds(keys.pagesByUserPrefix(userId));
  const pages = [];
  const experiments = [];
  const ownPageIds: string[] = [];
  for (const id of pageIds) {
    const page = await getPage(id);
    if (!page || page.ownerId !== userId) continue;
    ownPageIds.push(id);
    const revisions = [];
    for (const revKey of await revisionKeys(id)) {
      const rev = (await getLarge<Record<string, unknown>>(revKey)).value;
      if (rev) revisions.push({ id: String(revKey.at(-1)), ...rev });
    }
    const leads = await listAll<unknown>(keys.leads(id));
    pages.push({ page, revisions, leads });
    experiments.push(...await listExperiments(userId, id));
  }
  const listings = await getMany<unknown>(
    (await indexIds(under(keys.listingsBySeller(userId, "")))).map((id) => keys.listing(id)),
  );
  const ordersAsBuyer = await getMany<Order>(
    (await indexIds(under(keys.ordersByBuyer(userId, "")))).map((id) => keys.order(id)),
  );
  const ordersAsSeller = await getMany<Order>(
    (await indexIds(under(keys.ordersBySeller(userId, "")))).map((id) => keys.order(id)),
  );
  const rooms = await getMany<Room>(
    (await indexIds(under(keys.roomsByUser(userId, "")))).map((id) => keys.room(id)),
  );
  const chat = [];
  for (const room of rooms) {
    if (room.userId !== userId) continue;
    chat.push({ room, messages: await listAll<unknown>(keys.messages(room.id)) });
  }
  const reviews = await getMany<unknown>(
    (await indexIds(under(keys.purchase(userId, "")))).map((id) => keys.review(id, userId)),
  );
  const uploads = await getMany<unknown>(
    (await indexIds(under(keys.uploadsByUser(userId, "")))).map((id) => keys.upload(id)),
  );
  return {
    exportedAt: nowIso(),
    profile: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      emailVerified: user.emailVerified,
      githubLinked: user.githubId !== null,
      createdAt: user.createdAt,
    },
    balance: await getBalance(userId),
    pages,
    listings,
    orders: { asBuyer: ordersAsBuyer, asSeller: ordersAsSeller },
    chat,
    reviews,
    payouts: await listPayouts(userId),
    uploads,
    experiments,
    discountCodes: await listDiscounts(userId),
    storefront: (await kv().get(keys.sellerProfile(userId))).value,
    ...await exportExtras(userId, ownPageIds),
  };
}

async function revisionKeys(pageId: string): Promise<Deno.KvKey[]> {
  const out: Deno.KvKey[] = [];
  for await (const e of kv().list({ prefix: keys.pageRevisions(pageId) })) out.push(e.key);
  return out;
}

/** Deletes keys in commits of at most 500 mutations (KV allows 1,000 per commit). */
async function deleteKeys(keyList: Deno.KvKey[]) {
  for (let i = 0; i < keyList.length; i += 500) {
    const op = kv().atomic();
    for (const k of keyList.slice(i, i + 500)) op.delete(k);
    await op.commit();
  }
}

async function keysUnder(prefix: Deno.KvKey): Promise<Deno.KvKey[]> {
  const out: Deno.KvKey[] = [];
  for await (const e of kv().list({ prefix })) out.push(e.key);
  return out;
}

/**
 * Delete `userId`'s account after checking their password. A seller with money still available
 * is told to request a payout first (409); see eraseAccount for what goes.
 */
export async function deleteAccount(userId: string, password: string): Promise<void> {
  const user = await getUser(userId);
  if (!user) throw notFound("Account");
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    throw new AppError(403, "wrong_password", "The password is not correct", {
      password: "The password is not correct",
    });
  }
  if (user.role === "admin") {
    throw new AppError(409, "admin_account", "An administrator account cannot delete itself");
  }
  // Any currency's available money blocks the deletion (each balance is paid out on its own).
  if ((await availableBalances(userId)).length > 0) {
    throw new AppError(
      409,
      "balance_available",
      "You still have money available: request a payout before deleting your account",
    );
  }
  await eraseAccount(userId);
}

/** The balances (one per currency) with money available to pay out. */
export async function availableBalances(userId: string) {
  return (await getBalances(userId)).filter((b) => b.available > 0);
}

/**
 * The deletion itself, once whoever asked has been checked (the user with their password, or an
 * admin): the tombstone first, in one commit with what `alsoInCommit` adds (an admin's audit
 * entry), so the account is unusable at once even if the clean-up below is interrupted; then
 * integrations, campaigns and likes (lib/account/extras.ts), pages and sites (with their
 * domains), leads, revisions and uploads.
 */
export async function eraseAccount(
  userId: string,
  alsoInCommit?: (op: Deno.AtomicOperation, before: UserRecord) => void,
): Promise<void> {
  await retryAtomic(async (op) => {
    const entry = await kv().get<UserRecord>(keys.user(userId));
    const current = entry.value;
    if (!current) throw notFound("Account");
    op.check(entry).delete(keys.userByEmail(current.email));
    if (current.githubId) op.delete(keys.userByGithub(current.githubId));
    const tombstone: UserRecord & { deletedAt: string } = {
      ...current,
      email: "",
      name: DELETED_NAME,
      emailVerified: false,
      passwordHash: null,
      githubId: null,
      suspended: true,
      tokenVersion: current.tokenVersion + 1,
      deletedAt: nowIso(),
    };
    op.set(keys.user(userId), tombstone).delete(payoutDetailKeys.payoutDetails(userId));
    writeSellerStanding(op, userId); // off sale at once, before the pages go
    alsoInCommit?.(op, current);
  });

  // Integrations, campaigns and likes first: they are found through the pages' ids.
  const pageIds = await indexIds(keys.pagesByUserPrefix(userId));
  await eraseExtras(userId, pageIds);
  for (const pageId of pageIds) {
    try {
      await deletePage(userId, pageId);
    } catch (err) {
      if (!(err instanceof AppError && err.status === 404)) throw err;
    }
    await deletePageExperiments(pageId); // variants are copies of the page's content
    for (const revKey of await revisionKeys(pageId)) {
      const rev = await getLarge(revKey);
      await deleteLarge(kv().atomic(), revKey, rev).commit();
    }
    await deleteKeys([
      ...await keysUnder(keys.leads(pageId)),
      ...await keysUnder(under(under(keys.pageStatDaily(pageId, "", "")))),
    ]);
  }
  // Records kept for others carry the user's name as written then: renamed "Deleted user".
  for (const listingId of await indexIds(under(keys.purchase(userId, "")))) {
    await renameIn<{ buyerName: string }>(keys.review(listingId, userId), "buyerName");
  }
  for (const roomId of await indexIds(under(keys.roomsByUser(userId, "")))) {
    await renameRoomUser(roomId, DELETED_NAME); // with the inbox index's copies of the room
  }
  // The storefront profile goes and its handle is free again (if it is still theirs).
  await retryAtomic(async (op) => {
    const profile = await kv().get<{ handle: string }>(keys.sellerProfile(userId));
    if (!profile.value) return;
    const claim = await kv().get<string>(keys.sellerHandle(profile.value.handle));
    op.check(profile, claim).delete(keys.sellerProfile(userId));
    if (claim.value === userId) op.delete(keys.sellerHandle(profile.value.handle));
  });
  // The seller's discount codes and their redemption counts.
  await deleteKeys([
    ...await keysUnder(discountKeys.discountsOf(userId)),
    ...(await listDiscounts(userId)).map((d) => discountKeys.uses(userId, d.code)),
  ]);
  for (const uploadId of await indexIds(under(keys.uploadsByUser(userId, "")))) {
    await deleteKeys([
      keys.upload(uploadId),
      keys.uploadsByUser(userId, uploadId),
      ...await keysUnder(under(keys.uploadChunk(uploadId, 0))),
    ]);
  }
}

/** Sets `field` of the record at `key` to "Deleted user" (if the record exists). */
async function renameIn<T extends object>(key: Deno.KvKey, field: keyof T & string) {
  await retryAtomic(async (op) => {
    const entry = await kv().get<T>(key);
    if (!entry.value) return;
    op.check(entry).set(key, { ...entry.value, [field]: DELETED_NAME });
  });
}
