// Canned replies: staff's saved answers, each with a unique `/shortcut` the admin composer
// completes. A reply and its shortcut index entry are written in one commit that checks the
// shortcut is free, so two admins cannot take the same shortcut.
import { z } from "zod";
import { conflict, notFound } from "../http/index.ts";
import { getMany, keys, kv, newId, nowIso, retryAtomic } from "../kv/index.ts";

export const cannedSchema = z.object({
  shortcut: z.string().trim().toLowerCase().regex(
    /^[a-z0-9][a-z0-9_-]{0,29}$/,
    "Letters, digits, - and _ (up to 30)",
  ),
  title: z.string().trim().min(1, "Add a title").max(100),
  text: z.string().trim().min(1, "Write the reply").max(4000),
});

export interface CannedReply extends z.infer<typeof cannedSchema> {
  id: string;
  createdBy: string;
  updatedAt: string;
}

const MAX = 500;
/** An id that cannot name a reply (too long for a KV key part we write) is simply not found. */
const checkId = (id: string) => {
  if (id.length > 40) throw notFound("Canned reply");
};

/** Every canned reply, by shortcut. */
export async function listCanned(): Promise<CannedReply[]> {
  const ids: string[] = [];
  const iter = kv().list<string>({ prefix: keys.cannedByShortcutAll() }, { limit: MAX });
  for await (const e of iter) ids.push(e.value);
  return await getMany<CannedReply>(ids.map((id) => keys.cannedReply(id)));
}

const taken = (shortcut: string) =>
  conflict("shortcut_taken", `The shortcut /${shortcut} is already used`);

export async function createCanned(
  adminId: string,
  input: z.infer<typeof cannedSchema>,
): Promise<CannedReply> {
  const reply: CannedReply = { ...input, id: newId(), createdBy: adminId, updatedAt: nowIso() };
  return await retryAtomic(async (op) => {
    const index = await kv().get(keys.cannedByShortcut(input.shortcut));
    if (index.value) throw taken(input.shortcut);
    op.check(index).set(keys.cannedByShortcut(input.shortcut), reply.id)
      .set(keys.cannedReply(reply.id), reply);
    return reply;
  });
}

export async function updateCanned(
  id: string,
  input: z.infer<typeof cannedSchema>,
): Promise<CannedReply> {
  checkId(id);
  return await retryAtomic(async (op) => {
    const entry = await kv().get<CannedReply>(keys.cannedReply(id));
    if (!entry.value) throw notFound("Canned reply");
    const before = entry.value;
    const next: CannedReply = { ...before, ...input, updatedAt: nowIso() };
    op.check(entry).set(keys.cannedReply(id), next);
    if (before.shortcut !== next.shortcut) {
      const index = await kv().get(keys.cannedByShortcut(next.shortcut));
      if (index.value) throw taken(next.shortcut);
      op.check(index).set(keys.cannedByShortcut(next.shortcut), id)
        .delete(keys.cannedByShortcut(before.shortcut));
    }
    return next;
  });
}

export async function deleteCanned(id: string): Promise<void> {
  checkId(id);
  await retryAtomic(async (op) => {
    const entry = await kv().get<CannedReply>(keys.cannedReply(id));
    if (!entry.value) throw notFound("Canned reply");
    op.check(entry).delete(keys.cannedReply(id)).delete(
      keys.cannedByShortcut(entry.value.shortcut),
    );
  });
}
