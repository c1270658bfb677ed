// Retrieval for the support assistant: FAQ entries and approved listings as documents of stemmed
// terms (stop words dropped, synonyms folded), ranked by how much of a question they cover, the
// question field counting most.
import { type Faq, listFaqs } from "../chat/faqs.ts";
import { getMany, keys, kv } from "../kv/index.ts";
import { ensureBrowseIndex, type Listing } from "../market/index.ts";

const STOP = new Set(
  ("a about above after again all am an and any are as at be been before being below between both " +
    "but by can could did do does doing done during each few for from further had has have having " +
    "he her here hers him his how i if in into is it its itself just let me more most my myself " +
    "no nor not now of off on once only or other our ours out over own please same she should so " +
    "some such than thank thanks that the their theirs them then there these they this those " +
    "through to too under until up very was we were what whats when where which while who whom " +
    "why will with would you your yours hi hello hey dear landinghub im ive id dont cant doesnt " +
    "isnt wont didnt ok okay yes yeah cheers explain tell know question help someone somebody " +
    "anyone anybody something anything thing things actually really also still possible able " +
    "maybe perhaps kind sort").split(" "),
);

/** Words that say little about the topic: they count, but a third as much. */
const WEAK = new Set(
  ("get got use make find see need want like work way go look try show give ask mean new time " +
    "happen add people person visitor user much many").split(" ").map((w) => stem(w)),
);

/** Words that mean the same thing here (stemmed word → the term it counts as). */
const SYNONYMS = new Map<string, string>();
for (
  const [term, words] of Object.entries({
    fee: "fee commission cut percent percentage charge",
    sell: "sell sale sold seller selling",
    address: "address url slug link",
    payout: "payout withdraw withdrawal cashout paid",
    edit: "edit modify customize customise tweak",
    buy: "buy bought purchase purchased",
    page: "page site website",
    block: "block section component widget element",
    lead: "lead submission submit fill",
    template: "template theme",
  })
) {
  for (const w of words.split(" ")) SYNONYMS.set(stem(w), term);
}

/** A light suffix stripper: plurals, -ing, -ed and a final e ("charges", "charged" → "charg"). */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (/(?:sses|xes|ches|shes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length >= 5) w = w.slice(0, -2);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Lower-cased, accent-free, stop words dropped, stemmed, synonyms folded together. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2019']/g, "").replace(/[^a-z0-9\s]/g, " ").split(/\s+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => {
      const s = stem(w);
      return SYNONYMS.get(s) ?? s;
    });
}

export interface Doc {
  kind: "faq" | "listing";
  id: string;
  /** Each term and the weight of the best field it appears in (question/title counts most). */
  terms: Map<string, number>;
  faq?: Faq;
  listing?: Listing;
}

const FIELD = { title: 1, tags: 0.9, category: 0.6, body: 0.6 };

function makeDoc(
  base: Omit<Doc, "terms">,
  fields: [text: string, weight: number][],
): Doc {
  const terms = new Map<string, number>();
  for (const [text, weight] of fields) {
    for (const t of tokenize(text)) terms.set(t, Math.max(terms.get(t) ?? 0, weight));
  }
  return { ...base, terms };
}

export function faqDoc(faq: Faq): Doc {
  return makeDoc({ kind: "faq", id: faq.id, faq }, [
    [faq.question, FIELD.title],
    [faq.tags.join(" "), FIELD.tags],
    [faq.category, FIELD.category],
    [faq.answer, FIELD.body],
  ]);
}

export function listingDoc(listing: Listing): Doc {
  return makeDoc({ kind: "listing", id: listing.id, listing }, [
    [listing.title, FIELD.title],
    ["template", FIELD.tags],
    [listing.category, FIELD.category],
    [listing.description, FIELD.body],
  ]);
}

export interface Ranked {
  doc: Doc;
  /** The share of the question (weighted by how telling each word is) that the entry covers. */
  coverage: number;
}

/**
 * Rank entries by how much of the question they cover. Each question term counts by its
 * inverse document frequency (rare words tell more); a word no entry knows counts extra, since
 * it points at something the knowledge base does not cover ("connect my own domain").
 */
export function rank(query: string[], docs: Doc[]): Ranked[] {
  const n = docs.length;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unknown = 1.5 * idf(1);
  const weights = new Map<string, number>();
  for (const t of new Set(query)) {
    const df = docs.filter((d) => d.terms.has(t)).length;
    weights.set(t, WEAK.has(t) ? idf(Math.max(1, df)) / 3 : df ? idf(df) : unknown);
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (!total) return [];
  return docs.map((doc) => {
    let covered = 0;
    for (const [t, w] of weights) covered += w * (doc.terms.get(t) ?? 0);
    // ties go to the shorter, more specific entry
    return { doc, coverage: covered / total - doc.terms.size * 1e-5 };
  }).filter((r) => r.coverage > 0).sort((a, b) => b.coverage - a.coverage);
}

/** How many listings the assistant knows of: the newest on sale (a bound on each answer's work). */
export const KNOWN_LISTINGS = 500;

/**
 * Every document the assistant can answer from: the FAQ and the newest listings on sale, read
 * from the browse index (never the whole listings collection).
 */
export async function knowledge(): Promise<Doc[]> {
  const [faqs, listings] = await Promise.all([listFaqs(), newestOnSale(KNOWN_LISTINGS)]);
  return [...faqs.map(faqDoc), ...listings.map(listingDoc)];
}

async function newestOnSale(limit: number): Promise<Listing[]> {
  await ensureBrowseIndex();
  const ids: string[] = [];
  const iter = kv().list({ prefix: keys.listingSortScope("newest", "*") }, {
    limit,
    reverse: true,
  });
  // the key ends with the listing id (see lib/market/browse-index.ts)
  for await (const e of iter) ids.push(String(e.key.at(-1)));
  const listings = await getMany<Listing>(ids.map((id) => keys.listing(id)));
  // the index follows each listing write; the status check guards a record read mid-change
  return listings.filter((l) => l.status === "approved");
}
