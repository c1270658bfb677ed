// FAQ entries: shown publicly, managed by admins, and the assistant's first source of answers.
import { z } from "zod";
import { config } from "../config.ts";
import { auditEntry } from "../admin/index.ts";
import type { UserRecord } from "../auth/index.ts";
import { badRequest, notFound } from "../http/index.ts";
import { keys, kv, listAll, newId, nowIso, type Paged, retryAtomic } from "../kv/index.ts";
import { siteUrl } from "../pages/index.ts";

export interface Faq {
  id: string;
  question: string;
  answer: string;
  category: string;
  tags: string[];
  updatedAt: string;
}

export const faqSchema = z.object({
  question: z.string().trim().min(5).max(300),
  answer: z.string().trim().min(5).max(4000),
  category: z.string().trim().min(1).max(60).default("general"),
  tags: z.array(z.string().trim().min(1).max(30)).max(12).default([]),
});

export type FaqInput = z.infer<typeof faqSchema>;

/**
 * FAQ text may name this deployment's addresses with placeholders, filled in when shown:
 * `{site_url:my-offer}` → the published address of a page with the slug `my-offer`
 * (`https://my-offer.pages.example/`), `{sites_domain}` → SITES_DOMAIN, `{app_origin}` → APP_ORIGIN.
 * Entries saved before placeholders existed said `https://your-slug.<sites domain>/`; that is
 * filled in too.
 */
export function expandFaqText(text: string): string {
  const { sitesDomain, appOrigin } = config();
  return text
    .replace(/https?:\/\/your-slug\.<sites domain>\/?/g, siteUrl("your-slug"))
    .replace(/\{site_url:([a-z0-9-]{1,63})\}/g, (_, slug: string) => siteUrl(slug))
    .replace(/\{sites_domain\}|<sites domain>/g, sitesDomain)
    .replace(/\{app_origin\}/g, appOrigin);
}

/**
 * Every entry, by category then question. Placeholders are filled in unless `raw` (the admin
 * editor shows and saves what was written).
 */
export async function listFaqs(opts: { raw?: boolean } = {}): Promise<Faq[]> {
  const faqs = (await listAll<Faq>(keys.faqsAll())).sort((a, b) =>
    a.category.localeCompare(b.category) || a.question.localeCompare(b.question)
  );
  return opts.raw ? faqs : faqs.map((f) => ({
    ...f,
    question: expandFaqText(f.question),
    answer: expandFaqText(f.answer),
  }));
}

export async function saveFaq(
  admin: UserRecord | null,
  input: FaqInput,
  id?: string,
): Promise<Faq> {
  const faqId = id ?? newId();
  // The audit entry's "before" is the state this save replaced: checked, so never a stale one.
  return await retryAtomic(async (op) => {
    const entry = await kv().get<Faq>(keys.faq(faqId));
    const before = entry.value;
    if (id && !before) throw notFound("FAQ entry");
    const faq: Faq = { id: faqId, ...input, updatedAt: nowIso() };
    op.check(entry).set(keys.faq(faq.id), faq);
    if (admin) {
      const audit = auditEntry(
        admin.id,
        id ? "faq.update" : "faq.create",
        `faq:${faq.id}`,
        before,
        faq,
      );
      op.set(keys.audit(audit.id), audit);
    }
    return faq;
  });
}

export async function deleteFaq(admin: UserRecord, id: string) {
  await retryAtomic(async (op) => {
    const entry = await kv().get<Faq>(keys.faq(id));
    if (!entry.value) throw notFound("FAQ entry");
    const audit = auditEntry(admin.id, "faq.delete", `faq:${id}`, entry.value, null);
    op.check(entry).delete(keys.faq(id)).set(keys.audit(audit.id), audit);
  });
}

// ---------- paging (GET /api/faqs)

type FaqKey = Pick<Faq, "category" | "question" | "id">;

/** The FAQ order (category, then question), made total by the id. */
const faqOrder = (a: FaqKey, b: FaqKey) =>
  a.category.localeCompare(b.category) || a.question.localeCompare(b.question) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const faqCursorSchema = z.tuple([z.string().max(200), z.string().max(2000), z.string().max(40)]);

function encodeFaqCursor(f: FaqKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify([f.category, f.question, f.id]));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeFaqCursor(cursor: string): FaqKey {
  try {
    if (cursor.length > 4000) throw new Error("too long");
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder("utf-8", { fatal: true })
      .decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
    const [category, question, id] = faqCursorSchema.parse(JSON.parse(json));
    return { category, question, id };
  } catch {
    throw badRequest("The cursor is not valid", "invalid_cursor");
  }
}

/**
 * One page of the entries as `listFaqs` shows them, in the FAQ order. The cursor names the last
 * entry returned by its sort fields, so the next page starts right after it even if that entry
 * was since edited or deleted.
 */
export async function listFaqsPage(
  opts: { limit: number; cursor?: string | null },
): Promise<Paged<Faq>> {
  const after = opts.cursor ? decodeFaqCursor(opts.cursor) : null;
  const rest = (await listFaqs()).sort(faqOrder)
    .filter((f) => !after || faqOrder(f, after) > 0);
  const items = rest.slice(0, opts.limit);
  return {
    items,
    cursor: rest.length > opts.limit ? encodeFaqCursor(items[items.length - 1]) : null,
  };
}
