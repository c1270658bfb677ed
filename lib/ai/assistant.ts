// The support assistant. Each user message is answered by a queued job: from Gemini when
// GEMINI_API_KEY is set (with the conversation, the most relevant FAQ entries and listings as
// context), otherwise by a local assistant that ranks FAQ entries and listings by how much of the
// question they cover (stemmed, stop words dropped, synonyms folded, the question field counting
// most). Either way it hands the room to a person when asked for one, on payment or refund
// problems, or when unsure.
import { GoogleGenAI, Type } from "@google/genai";
import { z } from "zod";
import { config } from "../config.ts";
import type { UserRecord } from "../auth/index.ts";
import {
  ADMINS_TOPIC,
  commitRoom,
  createRoom,
  getRoomFor,
  listMessages,
  type Message,
  notePosted,
  type Room,
  userIsWatching,
  userTopic,
} from "../chat/index.ts";
import { type Faq, listFaqs } from "../chat/faqs.ts";
import { hit, rules } from "../http/rate-limit.ts";
import { keys, kv, listAll } from "../kv/index.ts";
import type { Listing } from "../market/index.ts";
import { defineJob } from "../queue/index.ts";
import { addEvent } from "../realtime/index.ts";

export interface Answer {
  text: string;
  escalate: boolean;
  reason: string | null;
  sources: { faqIds: string[]; listingIds: string[] };
}

// ---------- when to hand over to a person

// A request for a person has to be a request: "talk to a human", "a real person", "speak with
// someone", "I need an agent", "transfer me". Words such as "someone" or "user agent" alone are not.
const WHO = "(?:human|person|people|agent|someone|somebody|anyone|anybody|representative|rep|" +
  "operator|staff|employee|team|admin|support|developer)";
const HUMAN_PATTERNS: RegExp[] = [
  new RegExp(
    `\\b(?:talk|speak|chat|write)\\s+(?:to|with)\\s+(?:(?:a|an|some|one of your|your|the)\\s+)?` +
      `(?:(?:real|actual|live)\\s+)?${WHO}\\b`,
    "i",
  ),
  /\b(?:real|actual|live)\s+(?:human|person|people|agent|operator|support)\b/i,
  /\bhuman\s+(?:being|support|agent|help|please)\b/i,
  /\b(?:want|need|get|give|prefer|request|have)\s+(?:me\s+)?(?:a|an|some)\s+(?:human|person|agent|representative|operator)\b/i,
  /\b(?:need|want)\s+(?:someone|somebody)\s+(?:to|who)\b/i,
  /\b(?:someone|somebody|person|human|anyone|anybody)\s+(?:i|we)\s+(?:can|could)\s+(?:talk|speak|chat)\b/i,
  /\b(?:transfer|connect|put)\s+me\s+(?:through\s+)?(?:to|with)\b/i,
  /\bcontact\s+(?:(?:a|your|the)\s+)?(?:support|team|staff|human|person|agent)\b/i,
  /\bescalate\b/i,
  /(?:don'?t|do not)\s+want\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a|an|the)?\s*(?:bot|robot|machine|ai)\b/i,
  /^\W*(?:(?:a|an)\s+)?(?:human|agent|person|operator|representative)(?:\s+please)?\W*$/i,
];

// Payment and refund problems (not questions about the refund policy) go to the team.
const MONEY_RE = new RegExp(
  "\\b(?:refund(?:s|ed)?|chargeback|charged\\s+(?:me\\s+)?(?:twice|two times|double|again|wrong)|" +
    "double[- ]charged|overcharged|money back|dispute|billing\\s+(?:problem|issue|error)|" +
    "(?:payment|card|checkout|purchase|transaction)s?\\s+(?:has\\s+|was\\s+)?(?:failed|fails|" +
    "problem|issue|error|declined|didn'?t|did not|doesn'?t|does not|not working|went wrong|stuck)|" +
    "(?:not|never|haven'?t|hasn'?t|didn'?t)\\s+(?:been\\s+)?(?:paid|(?:received|get|got)\\s+(?:my\\s+)?(?:payout|money|template))|" +
    "missing\\s+(?:payout|payment|money))\\b",
  "i",
);
const MONEY_INFO_RE = /\brefund\s+(?:policy|window|period|rules|terms)\b/gi;

export function asksForHuman(text: string): boolean {
  return HUMAN_PATTERNS.some((re) => re.test(text));
}

export function moneyProblem(text: string): boolean {
  return MONEY_RE.test(text.replace(MONEY_INFO_RE, " "));
}

// ---------- retrieval over FAQ entries and approved listings

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

async function knowledge(): Promise<Doc[]> {
  const [faqs, listings] = await Promise.all([listFaqs(), listAll<Listing>(keys.listingsAll())]);
  return [
    ...faqs.map(faqDoc),
    ...listings.filter((l) => l.status === "approved").map(listingDoc),
  ];
}

/** At or above this coverage (and clearly ahead of the next entry) the assistant answers plainly. */
const CONFIDENT = 0.55;
/** Between this and CONFIDENT it answers but says it is unsure; below it, it hands over. */
const UNSURE = 0.45;

function price(l: Listing) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: l.currency.toUpperCase() })
    .format(l.price / 100);
}

/** A question that asks how/what/where… rather than yes or no. */
const OPEN_QUESTION_RE =
  /^\W*(?:how|what|what's|whats|where|when|which|who|why|tell me|explain|show me|i (?:want|need|would like) to|help me)\b/i;

/** The FAQ answer phrased for this question: no bare "Yes." in reply to "How do I…?". */
export function phraseAnswer(answer: string, question: string): string {
  if (!OPEN_QUESTION_RE.test(question)) return answer;
  const rest = answer.replace(/^\s*(?:yes|no)\b\s*[.,:;!—–-]?\s*/i, "");
  return rest && rest !== answer ? rest[0].toUpperCase() + rest.slice(1) : answer;
}

const GREETING = "Hi! I'm LandingHub's assistant. Ask me about building, publishing or selling " +
  "pages, leads, payouts or your account, and I'll answer right away. You can ask to talk to a " +
  "person at any time.";

export function localAnswer(question: string, docs: Doc[]): Answer {
  const query = tokenize(question);
  if (query.length === 0) {
    return {
      text: GREETING,
      escalate: false,
      reason: null,
      sources: { faqIds: [], listingIds: [] },
    };
  }
  const ranked = rank(query, docs);
  const top = ranked[0];
  if (!top || top.coverage < UNSURE) {
    return {
      text: "I couldn't find an answer to that in our help articles, and I'd rather not guess. " +
        "I've asked our support team to take a look; a person will reply here soon.",
      escalate: true,
      reason: "low_confidence",
      sources: { faqIds: [], listingIds: [] },
    };
  }
  const next = ranked[1];
  const sure = top.coverage >= CONFIDENT &&
    (!next || next.doc.kind !== top.doc.kind || top.coverage - next.coverage >= 0.05);
  if (top.doc.kind === "faq") {
    const faq = top.doc.faq!;
    const related = ranked.slice(1, 3).filter((r) =>
      r.doc.kind === "listing" && r.coverage >= CONFIDENT
    );
    const extra = related.length
      ? `\n\nYou might also like: ${
        related.map((r) => `${r.doc.listing!.title} (/marketplace/${r.doc.id})`).join(", ")
      }.`
      : "";
    const body = phraseAnswer(faq.answer, question);
    return {
      text: sure
        ? `${body}${extra}\n\n(From our FAQ: "${faq.question}". Ask for a person any time.)`
        : `${body}${extra}\n\nI'm not completely sure that answers your question: it's from ` +
          `our FAQ "${faq.question}". If it doesn't help, tell me a bit more, or ask to talk to ` +
          `a person.`,
      escalate: false,
      reason: null,
      sources: { faqIds: [faq.id], listingIds: related.map((r) => r.doc.id) },
    };
  }
  const listings = ranked.filter((r) => r.doc.kind === "listing" && r.coverage >= UNSURE)
    .slice(0, 3);
  return {
    text: `${sure ? "These templates match" : "These templates might be close to"} what you're ` +
      `looking for:\n${
        listings.map((r) =>
          `• ${r.doc.listing!.title} — ${price(r.doc.listing!)} (/marketplace/${r.doc.id})`
        ).join("\n")
      }\n\nEach one comes as an editable copy in your pages after purchase.`,
    escalate: false,
    reason: null,
    sources: { faqIds: [], listingIds: listings.map((r) => r.doc.id) },
  };
}

/** The local assistant's whole decision for one message: the answer, then hand-off rules. */
export function decide(question: string, docs: Doc[], base = localAnswer(question, docs)): Answer {
  if (asksForHuman(question)) {
    return {
      ...base,
      text: "Of course — I've asked a member of our team to join. They'll reply right here.",
      escalate: true,
      reason: "asked_for_human",
    };
  }
  if (moneyProblem(question)) {
    return {
      ...base,
      text: `${
        base.escalate ? "" : base.text + "\n\n"
      }Payment and refund questions are handled by our team, so I've asked someone to join this conversation.`,
      escalate: true,
      reason: "payment",
    };
  }
  return base;
}

// ---------- Gemini

const geminiReply = z.object({
  answer: z.string().min(1).max(4000),
  escalate: z.boolean(),
  confidence: z.number().min(0).max(1),
  faqIds: z.array(z.string()).default([]),
  listingIds: z.array(z.string()).default([]),
});

async function geminiAnswer(history: Message[], docs: Doc[]): Promise<Answer> {
  const last = history.filter((m) => m.senderType === "user").at(-1)?.message ?? "";
  const context = rank(tokenize(last), docs).slice(0, 6).map((r) =>
    r.doc.kind === "faq"
      ? `FAQ ${r.doc.id}: Q: ${r.doc.faq!.question} A: ${r.doc.faq!.answer}`
      : `LISTING ${r.doc.id}: ${r.doc.listing!.title} (${price(r.doc.listing!)}) — ${
        r.doc.listing!.description
      }`
  );
  const ai = new GoogleGenAI({
    apiKey: config().geminiApiKey!,
    httpOptions: config().geminiBaseUrl ? { baseUrl: config().geminiBaseUrl! } : undefined,
  });
  const res = await ai.models.generateContent({
    model: "gemini-2.5-flash",
    contents: history.filter((m) => m.senderType !== "system").map((m) => ({
      role: m.senderType === "user" ? "user" : "model",
      parts: [{ text: m.message }],
    })),
    config: {
      systemInstruction:
        "You are LandingHub's support assistant. LandingHub is a landing-page builder with a template marketplace. " +
        "Answer briefly and only from the context below. Set escalate=true when the user asks for a human, " +
        "has a payment or refund problem, or you are unsure. Cite the ids you used.\n\nContext:\n" +
        (context.join("\n") || "(nothing relevant)"),
      responseMimeType: "application/json",
      responseSchema: {
        type: Type.OBJECT,
        properties: {
          answer: { type: Type.STRING },
          escalate: { type: Type.BOOLEAN },
          confidence: { type: Type.NUMBER },
          faqIds: { type: Type.ARRAY, items: { type: Type.STRING } },
          listingIds: { type: Type.ARRAY, items: { type: Type.STRING } },
        },
        required: ["answer", "escalate", "confidence"],
      },
    },
  });
  const parsed = geminiReply.parse(JSON.parse(res.text ?? ""));
  const known = new Set(docs.map((d) => d.id));
  const escalate = parsed.escalate || parsed.confidence < 0.5;
  return {
    text: parsed.answer,
    escalate,
    reason: escalate ? "model" : null,
    sources: {
      faqIds: parsed.faqIds.filter((id) => known.has(id)),
      listingIds: parsed.listingIds.filter((id) => known.has(id)),
    },
  };
}

// ---------- the job

export async function answer(history: Message[]): Promise<Answer> {
  const last = history.filter((m) => m.senderType === "user").at(-1)?.message ?? "";
  const docs = await knowledge();
  if (!config().geminiApiKey) return decide(last, docs);
  const base = await geminiAnswer(history, docs).catch((err) => {
    console.error("Gemini failed:", err);
    return {
      text:
        "Sorry, I couldn't look that up just now. I've passed your question to our support team, who will reply here.",
      escalate: true,
      reason: "model_error",
      sources: { faqIds: [], listingIds: [] },
    } satisfies Answer;
  });
  return decide(last, docs, base);
}

const aiAnswer = defineJob<{ roomId: string; messageId: string }>(
  "ai.answer",
  async ({ roomId, messageId }) => {
    const room = (await kv().get<Room>(keys.room(roomId))).value;
    if (!room || room.status !== "open" || room.adminId) return;
    if ((await kv().get(keys.aiAnswered(messageId))).value) return;
    const history = await listMessages(roomId, { limit: 30 });
    const reply = await answer(history);
    // The reply shows up live for a user who is looking at the room: the bell is for those who aren't.
    const notify = !(await userIsWatching(room));
    await commitRoom(
      roomId,
      (r) =>
        reply.escalate
          ? {
            ...r,
            status: "waiting_admin",
            priority: reply.reason === "payment" ? "high" : r.priority,
          }
          : r,
      { senderId: null, senderType: "ai", message: reply.text, sources: reply.sources },
      async (op, updated) => {
        // Answer each user message at most once, however often the job is retried.
        op.check({ key: keys.aiAnswered(messageId), versionstamp: null })
          .set(keys.aiAnswered(messageId), true, { expireIn: 7 * 86_400_000 });
        if (notify) notifyUser(op, updated, reply.text);
        if (reply.escalate) {
          addEvent(op, ADMINS_TOPIC, "chat", {
            title: `${updated.userName} is waiting for a human`,
            body: updated.subject,
            href: `/admin/support?room=${roomId}`,
            roomId,
            reason: reply.reason,
            at: new Date().toISOString(),
          });
        }
        await Promise.resolve();
      },
    ).catch((err) => {
      // A check failure on aiAnswered means another run already answered: nothing to do.
      if (!String(err?.message).includes("concurrently")) throw err;
    });
  },
);

function notifyUser(op: Deno.AtomicOperation, room: Room, text: string) {
  addEvent(op, userTopic(room.userId), "chat", {
    title: "New reply from support",
    body: text.slice(0, 140),
    href: `/support?room=${room.id}`,
    roomId: room.id,
    at: new Date().toISOString(),
  });
}

/** Open a support room with the user's first message; the assistant answers it. */
export async function openSupportRoom(
  user: UserRecord,
  input: { subject: string; message: string },
) {
  await hit(rules.chatMessage(), user.id); // each message starts an assistant job: limited
  return await createRoom(user, input, async (op, room, message) => {
    notePosted(op, room);
    if (message) await aiAnswer({ roomId: room.id, messageId: message.id }, { atomic: op });
  });
}

/** A message from the room's user (answered by the assistant while no admin has the room) or an admin. */
export async function postMessage(viewer: UserRecord, roomId: string, text: string) {
  const room = await getRoomFor(viewer, roomId);
  const asAdmin = viewer.id !== room.userId && viewer.role === "admin";
  if (!asAdmin) await hit(rules.chatMessage(), viewer.id); // may start an assistant job: limited
  return await commitRoom(
    roomId,
    (r) =>
      asAdmin
        ? { ...r, adminId: r.adminId ?? viewer.id, status: "assigned" }
        : { ...r, status: r.status === "resolved" ? "open" : r.status },
    { senderId: viewer.id, senderType: asAdmin ? "admin" : "user", message: text },
    async (op, updated, message) => {
      if (asAdmin) return notifyUser(op, updated, text);
      notePosted(op, updated);
      if (updated.status === "open" && !updated.adminId) {
        await aiAnswer({ roomId, messageId: message!.id }, { atomic: op });
      } else if (updated.adminId) {
        addEvent(op, userTopic(updated.adminId), "chat", {
          title: `${updated.userName} replied`,
          body: text.slice(0, 140),
          href: `/admin/support?room=${roomId}`,
          roomId,
          at: new Date().toISOString(),
        });
      }
    },
  );
}
