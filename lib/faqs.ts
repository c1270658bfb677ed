// FAQ entries: shown publicly, managed by admins, and the assistant's first source of answers.
import { z } from "zod";
import { auditEntry } from "./admin.ts";
import type { UserRecord } from "./auth.ts";
import { notFound } from "./http.ts";
import { keys, kv, listAll, newId, nowIso } from "./kv.ts";

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

export async function listFaqs(): Promise<Faq[]> {
  return (await listAll<Faq>(keys.faqsAll())).sort((a, b) =>
    a.category.localeCompare(b.category) || a.question.localeCompare(b.question)
  );
}

export async function saveFaq(
  admin: UserRecord | null,
  input: FaqInput,
  id?: string,
): Promise<Faq> {
  const before = id ? (await kv().get<Faq>(keys.faq(id))).value : null;
  if (id && !before) throw notFound("FAQ entry");
  const faq: Faq = { id: id ?? newId(), ...input, updatedAt: nowIso() };
  const op = kv().atomic().set(keys.faq(faq.id), faq);
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
  await op.commit();
  return faq;
}

export async function deleteFaq(admin: UserRecord, id: string) {
  const entry = await kv().get<Faq>(keys.faq(id));
  if (!entry.value) throw notFound("FAQ entry");
  const audit = auditEntry(admin.id, "faq.delete", `faq:${id}`, entry.value, null);
  await kv().atomic().check(entry).delete(keys.faq(id)).set(keys.audit(audit.id), audit).commit();
}
