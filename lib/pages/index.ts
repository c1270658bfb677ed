// Pages: records, owner-only access, optimistic concurrency, unique slugs, cloning.
import { z } from "zod";
import { type Content, contentSchema, emptyContent, type Seo, seoSchema } from "../blocks.ts";
import {
  deleteLarge,
  getLarge,
  getManyLarge,
  idTimePrefix,
  keys,
  kv,
  listKvPage,
  newId,
  nowIso,
  type Paged,
  readCounter,
  retryAtomic,
  setLarge,
} from "../kv/index.ts";
import { AppError, conflict, notFound } from "../http/index.ts";
import { freeSlug, siteUrl, slugSchema } from "./slugs.ts";

export { freeSlug, RESERVED_SLUGS, siteUrl, SLUG_RE, slugify, slugSchema } from "./slugs.ts";
import { bumpStats } from "../admin/stats.ts";
import { forgetSite } from "../sites/cache.ts";
import { syncListing } from "../market/listing-sync.ts";
import { deletePageDomains } from "../domains/page-hook.ts";

const slugTaken = () =>
  new AppError(409, "slug_taken", "This address is already taken", {
    slug: "Choose another address",
  });

export interface PageRecord {
  id: string;
  ownerId: string;
  name: string;
  slug: string;
  status: "draft" | "published";
  version: number;
  content: Content;
  seo: Seo;
  viewCount: number;
  /** Filled from the page's lead counter when read (see withLeadCounts). */
  leadCount: number;
  /** The listing this page was bought from, when it is a buyer's copy. */
  sourceListingId: string | null;
  /** A screenshot of the published page (made on a queue; null until then). */
  thumbnailUrl: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export type PageView = PageRecord & { url: string | null };

export function toView(page: PageRecord): PageView {
  return {
    ...page,
    url: page.status === "published" ? siteUrl(page.slug) : null,
  };
}

export const createPageSchema = z.object({
  name: z.string().trim().min(1, "Name the page").max(120),
  slug: slugSchema.optional(),
  templateId: z.string().max(60).optional(),
  /** The language of the starter's copy (content.locale); default: the request's language. */
  locale: z.enum(["en", "vi", "th"]).optional(),
});

export interface NewPageInput {
  name: string;
  slug: string;
  content?: Content;
  seo?: Partial<Seo>;
  sourceListingId?: string | null;
}

export function newPageRecord(
  ownerId: string,
  input: NewPageInput,
): PageRecord {
  const now = nowIso();
  return {
    id: newId(),
    ownerId,
    name: input.name,
    slug: input.slug,
    status: "draft",
    version: 1,
    content: input.content ?? emptyContent(),
    seo: seoSchema.parse({ title: input.name, ...input.seo }),
    viewCount: 0,
    leadCount: 0,
    sourceListingId: input.sourceListingId ?? null,
    thumbnailUrl: null,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
  };
}

/**
 * A page record's content can be far over KV's 64 KiB value limit (a long page): it is written
 * with `setLarge`, which moves it into chunks when the record does not fit.
 */
const PAGE_SPILL = { spill: ["content"] } as const;

/** Add the write of a page record (`prev` as read at its key) to `op`. */
export function writePageRecord(
  op: Deno.AtomicOperation,
  page: PageRecord,
  prev: { value: unknown } | null,
) {
  return setLarge(op, keys.page(page.id), page, prev, PAGE_SPILL);
}

/** Add a new page, its indexes, its slug claim and the page counter to an atomic operation. */
export function writeNewPage(op: Deno.AtomicOperation, page: PageRecord) {
  op.check({ key: keys.pageBySlug(page.slug), versionstamp: null });
  writePageRecord(op, page, null)
    .set(keys.pagesByUser(page.ownerId, page.id), page.id)
    .set(keys.pageBySlug(page.slug), page.id);
  bumpStats(op, { pages: 1 });
  return op;
}

export async function createPage(
  ownerId: string,
  input: Omit<NewPageInput, "slug"> & { slug?: string },
): Promise<PageRecord> {
  const page = newPageRecord(ownerId, {
    ...input,
    slug: input.slug ?? await freeSlug(input.name),
  });
  const res = await writeNewPage(kv().atomic(), page).commit();
  if (!res.ok) throw slugTaken();
  return page;
}

/** The page if `userId` owns it; another user's page is "not found". */
export async function getOwnPage(
  userId: string,
  id: string,
): Promise<PageRecord> {
  const page = (await getLarge<PageRecord>(keys.page(id))).value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  return (await withLeadCounts([page]))[0];
}

async function withLeadCounts(pages: PageRecord[]): Promise<PageRecord[]> {
  const counts = await Promise.all(pages.map((p) => readCounter(keys.pageLeadCount(p.id))));
  return pages.map((p, i) => ({ ...p, leadCount: counts[i] }));
}

/** A page record, whole (content included), or null. */
export async function getPage(id: string): Promise<PageRecord | null> {
  return (await getLarge<PageRecord>(keys.page(id))).value;
}

export async function listOwnPages(
  userId: string,
  opts: { limit?: number; cursor?: string | null },
): Promise<Paged<PageRecord>> {
  const ids = await listKvPage<string>(keys.pagesByUserPrefix(userId), opts);
  const items = await getManyLarge<PageRecord>(ids.items.map(keys.page));
  return { items: await withLeadCounts(items), cursor: ids.cursor };
}

export const updatePageSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  slug: slugSchema.optional(),
  content: z.optional(contentSchema), // a zod/mini schema (blocks/registry.ts)
  seo: seoSchema.partial().optional(),
  version: z.number().int().min(1),
});

export type PageUpdate = z.infer<typeof updatePageSchema>;

/**
 * Apply an edit if `version` matches the stored one (else 409 with the current page). A slug
 * change claims the new slug and frees the old one in the same commit.
 */
export async function updatePage(
  userId: string,
  id: string,
  input: PageUpdate,
  /** Set when the edit restores a revision: the current state is then always kept. */
  restoring?: { version: number },
): Promise<PageRecord> {
  // Other writers (view counts, thumbnails) touch the record without changing `version`, so a
  // failed commit is retried unless the version or the slug claim is what changed.
  let movedFrom: string | null = null;
  const next = await retryAtomic(async (op) => {
    const entry = await getLarge<PageRecord>(keys.page(id));
    const page = entry.value;
    if (!page || page.ownerId !== userId) throw notFound("Page");
    if (page.version !== input.version) throw versionConflict(page);
    const next: PageRecord = {
      ...page,
      name: input.name ?? page.name,
      slug: input.slug ?? page.slug,
      content: input.content ?? page.content,
      seo: input.seo ? seoSchema.parse({ ...page.seo, ...input.seo }) : page.seo,
      version: page.version + 1,
      updatedAt: nowIso(),
    };
    writePageRecord(op.check(entry), next, entry);
    const kind = await revisionToKeep(page, restoring);
    if (kind) {
      const revision: StoredRevision = {
        version: page.version,
        content: page.content,
        seo: page.seo,
        name: page.name,
        at: page.updatedAt,
        kind,
        restoredVersion: restoring?.version ?? null,
      };
      setLarge(op, keys.pageRevision(id, newId()), revision, null, {
        spill: ["content"],
        expireIn: REVISION_TTL_MS,
      });
    }
    movedFrom = next.slug !== page.slug ? page.slug : null;
    if (next.slug !== page.slug) {
      const slugEntry = await kv().get(keys.pageBySlug(next.slug));
      if (slugEntry.value) throw slugTaken();
      op.check(slugEntry).delete(keys.pageBySlug(page.slug)).set(keys.pageBySlug(next.slug), id);
      await syncListing(op, id, {
        published: page.status === "published",
        previewUrl: siteUrl(next.slug),
      });
      if (page.status === "published") {
        // The live site moves with the slug: the old address stops answering at once. The stored
        // entry is moved as is (a chunked site keeps its chunks).
        const site = await kv().get<{ slug: string }>(keys.site(page.slug));
        op.check(site).delete(keys.site(page.slug));
        if (site.value) op.set(keys.site(next.slug), { ...site.value, slug: next.slug });
      }
    }
    return next;
  });
  if (movedFrom) forgetSite(movedFrom);
  return next;
}

function versionConflict(current: PageRecord) {
  return conflict("version_conflict", "The page was changed elsewhere; reload to see the latest", {
    page: toView(current),
  });
}

export async function deletePage(userId: string, id: string): Promise<void> {
  const entry = await kv().get<PageRecord>(keys.page(id));
  const page = entry.value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  const site = await kv().get(keys.site(page.slug));
  const op = kv().atomic().check(entry, site);
  deleteLarge(op, keys.page(id), entry);
  deleteLarge(op, keys.site(page.slug), site)
    .delete(keys.pagesByUser(userId, id))
    .delete(keys.pageBySlug(page.slug))
    .delete(keys.pageLeadCount(id));
  bumpStats(op, { pages: -1, publishedPages: page.status === "published" ? -1 : 0 });
  await syncListing(op, id, null);
  const domains = await deletePageDomains(op, id);
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("busy", "The page changed concurrently, try again");
  }
  forgetSite(page.slug);
  domains.forget();
}

/** A draft copy of a page for a new owner (duplicate, or a buyer's copy of a template). */
export async function clonePage(
  source: PageRecord,
  ownerId: string,
  name = `${source.name} (copy)`,
) {
  return await createPage(ownerId, {
    name,
    content: structuredClone(source.content),
    seo: source.seo,
    // A copy of a bought page stays a bought page (it cannot be listed).
    sourceListingId: source.sourceListingId,
  });
}

/**
 * Why a revision was kept: `autosave`, the state before a stretch of editing (at most one per
 * REVISION_INTERVAL_MS); `published`, the state that was live, kept when a published page is first
 * changed; `restore`, the state a restore replaced.
 */
export type RevisionKind = "autosave" | "published" | "restore";

export interface Revision {
  id: string;
  version: number;
  name: string;
  content: Content;
  seo: Seo;
  /** When this state was saved. */
  at: string;
  kind: RevisionKind;
  /** For `restore`: the version of the revision that was restored. */
  restoredVersion: number | null;
}

/** Revisions kept before kinds existed have none: they were kept on every save. */
type StoredRevision = Omit<Revision, "id" | "kind" | "restoredVersion"> & Partial<Revision>;

/** Autosaves within this long of the last revision are not kept as revisions of their own. */
export const REVISION_INTERVAL_MS = 5 * 60_000;
const REVISION_TTL_MS = 90 * 24 * 3600 * 1000;

/** Whether an edit keeps the state it replaces (`page`) as a revision, and as which kind. */
async function revisionToKeep(
  page: PageRecord,
  restoring?: { version: number },
): Promise<RevisionKind | null> {
  if (restoring) return "restore";
  // Publishing stamps publishedAt and updatedAt alike, and only edits move updatedAt on: the
  // state being replaced is the live one when nothing was edited since it was published.
  if (page.status === "published" && page.publishedAt && page.publishedAt >= page.updatedAt) {
    return "published";
  }
  // Revision ids sort by time: is there one from the last interval?
  const prefix = keys.pageRevisions(page.id);
  const recent = kv().list({
    prefix,
    start: [...prefix, idTimePrefix(Date.now() - REVISION_INTERVAL_MS)],
  }, { limit: 1 });
  for await (const _ of recent) return null;
  return "autosave";
}

export async function listRevisions(
  userId: string,
  pageId: string,
): Promise<Omit<Revision, "content" | "seo">[]> {
  await getOwnPage(userId, pageId);
  const out = [];
  for await (
    const e of kv().list<StoredRevision>({ prefix: keys.pageRevisions(pageId) }, {
      reverse: true,
      limit: 50,
    })
  ) {
    out.push({
      id: String(e.key.at(-1)),
      version: e.value.version,
      name: e.value.name,
      at: e.value.at,
      kind: e.value.kind ?? "autosave",
      restoredVersion: e.value.restoredVersion ?? null,
    });
  }
  return out;
}

/**
 * Put an earlier revision's content back, as a new version; the state it replaces is kept as a
 * revision, so a restore can be undone too.
 */
export async function restoreRevision(
  userId: string,
  pageId: string,
  revisionId: string,
  version: number,
) {
  await getOwnPage(userId, pageId);
  const rev = (await getLarge<StoredRevision>(keys.pageRevision(pageId, revisionId))).value;
  if (!rev) throw notFound("Revision");
  return await updatePage(userId, pageId, {
    version,
    content: rev.content,
    seo: rev.seo,
    name: rev.name,
  }, { version: rev.version });
}
