// What a listing delivers and who may sell it: the version pinned at approval, fingerprints that
// recognise bought content listed again, and seller suspension (checked on every read, so a
// suspension takes listings off sale at once with nothing for lib/admin to call).
import { getUser } from "../auth/index.ts";
import { keys, kv } from "../kv/index.ts";
import type { PageRecord } from "../pages/index.ts";
import { getSite } from "../sites/index.tsx";
import { AppError } from "../http/index.ts";
import { type ApprovedVersion, type Listing, marketKeys } from "./model.ts";

/** A seller whose listings are off sale: suspended, or no longer an account. */
export async function isSellerSuspended(sellerId: string): Promise<boolean> {
  const user = await getUser(sellerId);
  return !user || user.suspended;
}

/** Of `sellerIds`, the ones whose listings are off sale (one batched read). */
export async function suspendedSellers(sellerIds: Iterable<string>): Promise<Set<string>> {
  const ids = [...new Set(sellerIds)];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 10) {
    const batch = ids.slice(i, i + 10);
    const users = await kv().getMany<{ suspended: boolean }[]>(batch.map(keys.user));
    users.forEach((u, j) => {
      if (!u.value || u.value.suspended) out.add(batch[j]);
    });
  }
  return out;
}

/** Hex SHA-256 of a content's blocks: equal for a bought copy and its source. */
export async function fingerprint(content: PageRecord["content"]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(content.blocks ?? []));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const derivedPage = () =>
  new AppError(
    422,
    "derived_page",
    "This page was bought from the marketplace (or copied from a bought template), so it " +
      "cannot be listed; list pages you made yourself",
    { pageId: "bought or copied from a marketplace template" },
  );

/**
 * Refuse content that `sellerId` bought: the blocks of a template they purchased, pasted into a
 * page of their own. (Two sellers who happen to make the same blocks are not refused: only a
 * purchase makes a copy.)
 */
export async function assertOriginal(sellerId: string, content: PageRecord["content"]) {
  const owner = (await kv().get<string>(marketKeys.fingerprint(await fingerprint(content))))
    .value;
  if (owner) await assertNotBought(sellerId, owner);
}

/** Refuse when `sellerId` is not the seller of `listingId` but bought it. */
export async function assertNotBought(sellerId: string, listingId: string) {
  const listing = (await kv().get<Listing>(keys.listing(listingId))).value;
  if (!listing || listing.sellerId === sellerId) return;
  if ((await kv().get(keys.purchase(sellerId, listingId))).value) throw derivedPage();
}

/** The live (published) version of a page, or null when it is not published. */
export async function liveVersion(page: PageRecord) {
  if (page.status !== "published") return null;
  return await getSite(page.slug);
}

/** A pinned version as stored: its content lives in `chunks` pieces under `versionId`. */
type StoredVersion = Omit<ApprovedVersion, "content"> & { versionId: string; chunks: number };

// Bytes per chunk: below KV's 64 KiB value limit, so a page of any publishable size can be pinned.
const CHUNK_BYTES = 60_000;

/**
 * Pin `version` as what buyers of its listing receive, in `op`. `previous` is the record read
 * before (checked by the caller); its chunks are removed.
 */
export function writeApprovedVersion(
  op: Deno.AtomicOperation,
  version: ApprovedVersion,
  previous: StoredVersion | null,
) {
  const bytes = new TextEncoder().encode(JSON.stringify(version.content));
  const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  const versionId = crypto.randomUUID();
  const { content: _content, ...meta } = version;
  for (let n = 0; n < chunks; n++) {
    op.set(
      marketKeys.versionChunk(version.listingId, versionId, n),
      bytes.slice(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES),
    );
  }
  for (let n = 0; n < (previous?.chunks ?? 0); n++) {
    op.delete(marketKeys.versionChunk(version.listingId, previous!.versionId, n));
  }
  op.set(marketKeys.approvedVersion(version.listingId), { ...meta, versionId, chunks });
}

export async function readStoredVersion(listingId: string) {
  return await kv().get<StoredVersion>(marketKeys.approvedVersion(listingId));
}

/**
 * The pinned version of `listingId`, content included, or null when none was pinned. A
 * re-approval between reading the record and its chunks replaces the chunks: then read once more.
 */
export async function readApprovedVersion(
  listingId: string,
  again = true,
): Promise<ApprovedVersion | null> {
  const meta = (await readStoredVersion(listingId)).value;
  if (!meta) return null;
  const keyList = Array.from(
    { length: meta.chunks },
    (_, n) => marketKeys.versionChunk(listingId, meta.versionId, n),
  );
  const parts: Uint8Array[] = [];
  for (let i = 0; i < keyList.length; i += 10) {
    const entries = await kv().getMany<Uint8Array[]>(keyList.slice(i, i + 10));
    for (const e of entries) if (e.value) parts.push(e.value);
  }
  if (parts.length !== meta.chunks) {
    return again ? await readApprovedVersion(listingId, false) : null;
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  const { versionId: _v, chunks: _c, ...rest } = meta;
  return { ...rest, content: JSON.parse(new TextDecoder().decode(bytes)) };
}

/** The content a buyer of `listing` receives: the approved version, else (older listings) the live page. */
export async function approvedVersion(
  listing: Listing,
  slug: string,
): Promise<{ content: PageRecord["content"]; seo?: PageRecord["seo"] } | null> {
  const pinned = await readApprovedVersion(listing.id);
  if (pinned) return { content: pinned.content, seo: pinned.seo };
  const site = await getSite(slug);
  return site ? { content: site.content } : null;
}

/** Whether `content` differs from what was approved for `listingId` (no pin: no difference known). */
export async function differsFromApproved(listingId: string, content: PageRecord["content"]) {
  const pinned = await readApprovedVersion(listingId);
  return !!pinned && JSON.stringify(pinned.content) !== JSON.stringify(content);
}
