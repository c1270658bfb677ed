// Publishing: a page's HTML is rendered once, at publish time, and stored with the form blocks'
// content under the site's slug. Both can be long, so the record goes through setLarge (chunks
// beyond KV's 64 KiB value limit); the page record itself is updated field by field, leaving its
// own chunks as they are.
import { keys, kv, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import { deleteLarge, getLarge, hydrate, setLarge } from "../kv/large.ts";
import { forgetSite } from "./cache.ts";
import { bumpStats } from "../admin/stats.ts";
import { defineJob } from "../queue/index.ts";
import { screenshot } from "./screenshots.ts";
import { saveBlob } from "../uploads/index.ts";
import { conflict, notFound } from "../http/index.ts";
import { syncListing } from "../market/listing-sync.ts";
import { type PageRecord, siteUrl, toView } from "../pages/index.ts";
import type { Content } from "../blocks.ts";
import { renderSiteHtml } from "./render.tsx";

/** The stored form of a published site. */
export interface SiteRecord {
  pageId: string;
  ownerId: string;
  slug: string;
  etag: string;
  html: string;
  /** The form blocks' fields, so submissions validate without loading the page. */
  content: Content;
  publishedAt: string;
}

const SITE_SPILL = { spill: ["html", "content"] } as const;

async function etagOf(html: string) {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(html),
  );
  return `"${
    Array.from(new Uint8Array(digest).slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")
  }"`;
}

const makeThumbnail = defineJob<{ pageId: string }>("page.thumbnail", async ({ pageId }) => {
  const page = (await kv().get<PageRecord>(keys.page(pageId))).value;
  if (!page || page.status !== "published") return;
  const png = await screenshot(siteUrl(page.slug));
  if (!png) return;
  const blob = await saveBlob(png, "image/png", page.ownerId);
  // Only metadata changes: the stored entry (chunked or not) is updated as it is.
  await retryAtomic(async (op) => {
    const entry = await kv().get<PageRecord>(keys.page(pageId));
    if (!entry.value) return noCommit(undefined);
    op.check(entry).set(keys.page(pageId), { ...entry.value, thumbnailUrl: `/uploads/${blob.id}` });
  });
});

export async function publishPage(userId: string, id: string) {
  const raw = await kv().get<PageRecord>(keys.page(id));
  const page = (await hydrate<PageRecord>(raw)).value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  const html = renderSiteHtml(page);
  const now = nowIso();
  const site: SiteRecord = {
    pageId: page.id,
    ownerId: page.ownerId,
    slug: page.slug,
    etag: await etagOf(html),
    html,
    content: page.content,
    publishedAt: now,
  };
  const changes = { status: "published", publishedAt: now, updatedAt: now } as const;
  const prevSite = await kv().get(keys.site(page.slug));
  const op = kv().atomic().check(raw, prevSite).set(keys.page(id), { ...raw.value, ...changes });
  setLarge(op, keys.site(page.slug), site, prevSite, SITE_SPILL);
  if (page.status !== "published") bumpStats(op, { publishedPages: 1 });
  await syncListing(op, id, {
    published: true,
    previewUrl: siteUrl(page.slug),
    content: page.content,
  });
  await makeThumbnail({ pageId: id }, { atomic: op, delayMs: 500 });
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("busy", "The page changed while publishing; try again");
  }
  forgetSite(page.slug);
  return toView({ ...page, ...changes });
}

export async function unpublishPage(userId: string, id: string) {
  const raw = await kv().get<PageRecord>(keys.page(id));
  const page = (await hydrate<PageRecord>(raw)).value;
  if (!page || page.ownerId !== userId) throw notFound("Page");
  const changes = { status: "draft", updatedAt: nowIso() } as const;
  const prevSite = await kv().get(keys.site(page.slug));
  const op = kv().atomic().check(raw, prevSite).set(keys.page(id), { ...raw.value, ...changes });
  deleteLarge(op, keys.site(page.slug), prevSite);
  if (page.status === "published") bumpStats(op, { publishedPages: -1 });
  await syncListing(op, id, { published: false, previewUrl: siteUrl(page.slug) });
  const res = await op.commit();
  if (!res.ok) {
    throw conflict("busy", "The page changed while unpublishing; try again");
  }
  forgetSite(page.slug);
  return toView({ ...page, ...changes });
}

/** The published site at `slug`, whole (HTML and content), or null. */
export async function getSite(
  slug: string,
  consistency: Deno.KvConsistencyLevel = "eventual",
): Promise<SiteRecord | null> {
  return (await getLarge<SiteRecord>(keys.site(slug), { consistency })).value;
}
