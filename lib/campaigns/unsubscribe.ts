// Unsubscribing from an owner's campaigns by the signed link in each email (no session: the
// token is the proof): the page's GET shows a button, POST (also the RFC 8058 one-click target of
// List-Unsubscribe) records it, counted once on the campaign whose email carried the link.
import { notFound } from "../http/index.ts";
import { addToCounter, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { linkUrl, signLink, verifyLink } from "../mail/index.ts";
import { campaignKeys as ck } from "./keys.ts";

/** What an unsubscribe token says, or null when it is not one of ours. */
async function readUnsubscribe(token: string) {
  const data = await verifyLink("unsubscribe", token);
  if (!data?.o || !data.e) return null;
  return { ownerId: data.o, email: data.e, campaignId: data.c ?? null };
}

export async function unsubscribeInfo(token: string) {
  const info = await readUnsubscribe(token);
  if (!info) throw notFound("Link");
  const done = (await kv().get(ck.unsubscribed(info.ownerId, info.email))).value !== null;
  return { email: info.email, unsubscribed: done };
}

/**
 * Unsubscribe the token's address from the owner's campaigns (no session: the token is the
 * proof). Counted once, on the campaign whose email carried the link; repeating is harmless.
 */
export async function unsubscribe(token: string) {
  const info = await readUnsubscribe(token);
  if (!info) throw notFound("Link");
  const key = ck.unsubscribed(info.ownerId, info.email);
  await retryAtomic(async (op) => {
    const entry = await kv().get(key);
    if (entry.value !== null) return noCommit(null);
    op.check(entry).set(key, { at: nowIso(), campaignId: info.campaignId });
    if (info.campaignId) addToCounter(op, ck.campaignCount(info.campaignId, "unsubscribed"), 1);
    return null;
  });
  return { email: info.email, unsubscribed: true };
}

/** The unsubscribe URL a campaign email to `email` carries (tests and the seed use it). */
export async function unsubscribeUrl(ownerId: string, email: string, campaignId = "") {
  return linkUrl(
    "unsubscribe",
    await signLink("unsubscribe", { o: ownerId, e: email.toLowerCase(), c: campaignId }),
  );
}
