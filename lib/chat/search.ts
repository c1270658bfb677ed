// Search across conversations (staff): every user, guest and staff message adds its words to a
// term index (term → room) in the message's own commit, so a search is a range read of the rarest
// looking term plus existence checks of the others, never a scan of every message. Words match
// whole (case-insensitive); private notes are not indexed.
import { invalid } from "../http/index.ts";
import { getMany, keys, kv } from "../kv/index.ts";
import type { Room } from "./rooms.ts";

const termKey = (term: string, roomId: string) => ["chat_terms", term, roomId];
const MAX_TERMS = 40;

/** A text's distinct words (letters and digits, 2–30 characters), lowercased. */
export function termsOf(text: string): string[] {
  const words = text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]{2,30}/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** Index `text` as part of room `roomId` (inside the commit that stores it). */
export function indexTerms(op: Deno.AtomicOperation, roomId: string, text: string) {
  for (const term of termsOf(text)) op.set(termKey(term, roomId), true);
}

/** Rooms whose messages hold every word of `q`, latest activity first (at most `limit`). */
export async function searchRooms(q: string, limit = 20): Promise<Room[]> {
  const terms = termsOf(q).slice(0, 5);
  if (!terms.length) throw invalid("Search for a word", { q: "at least 2 letters or digits" });
  // The longest word is usually the rarest: its rooms are the candidates.
  const [first, ...rest] = [...terms].sort((a, b) => b.length - a.length);
  const candidates: string[] = [];
  for await (const e of kv().list({ prefix: ["chat_terms", first] }, { limit: 1000 })) {
    candidates.push(String(e.key[2]));
  }
  let ids = candidates;
  for (const term of rest) {
    const kept: string[] = [];
    for (let i = 0; i < ids.length; i += 10) {
      const batch = ids.slice(i, i + 10);
      const found = await kv().getMany(batch.map((id) => termKey(term, id)));
      batch.forEach((id, j) => found[j].value && kept.push(id));
    }
    ids = kept;
  }
  const rooms = await getMany<Room>(ids.map((id) => keys.room(id)));
  return rooms.sort((a, b) => (a.lastMessageAt < b.lastMessageAt ? 1 : -1)).slice(0, limit);
}
