// The support assistant. Each user message is answered by a queued job: from Gemini when
// GEMINI_API_KEY is set (with the conversation, the most relevant FAQ entries and listings as
// context), otherwise by a local assistant that ranks FAQ entries and listings by how much of the
// question they cover (stemmed, stop words dropped, synonyms folded, the question field counting
// most). Either way it hands the room to a person when asked for one, on payment or refund
// problems, or when unsure.
import { z } from "zod";
import { config } from "../config.ts";
import { formatMoney } from "../format.ts";
import {
  ADMINS_TOPIC,
  commitRoom,
  listMessages,
  type Message,
  notifyReply,
  type Room,
  userIsWatching,
} from "../chat/rooms.ts";
import { keys, kv } from "../kv/index.ts";
import { type Doc, knowledge, rank, tokenize } from "./retrieval.ts";
import type { Listing } from "../market/index.ts";
import { defineJob } from "../queue/index.ts";
import { awayNote } from "../chat/hours.ts";
import { addEvent } from "../realtime/index.ts";

export interface Answer {
  text: string;
  escalate: boolean;
  reason: string | null;
  sources: { faqIds: string[]; listingIds: string[] };
}

// ---------- when to hand over to a person (retrieval is in retrieval.ts)

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

/** At or above this coverage (and clearly ahead of the next entry) the assistant answers plainly. */
const CONFIDENT = 0.55;
/** Between this and CONFIDENT it answers but says it is unsure; below it, it hands over. */
const UNSURE = 0.45;

const price = (l: Listing) => formatMoney(l.price, l.currency);

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
  // Loaded on first use (only with GEMINI_API_KEY): the package is the slowest import at start.
  const { GoogleGenAI, Type } = await import("@google/genai");
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

const ALREADY_ANSWERED = new Error("already answered");

const aiAnswer = defineJob<{ roomId: string; messageId: string }>(
  "ai.answer",
  async ({ roomId, messageId }) => {
    const room = (await kv().get<Room>(keys.room(roomId))).value;
    if (!room || room.status !== "open" || room.adminId) return;
    if ((await kv().get(keys.aiAnswered(messageId))).value) return;
    const history = await listMessages(roomId, { limit: 30 });
    const reply = await answer(history);
    // Handed over outside office hours: say when a person will answer.
    const away = reply.escalate ? await awayNote() : null;
    if (away) reply.text = `${reply.text}\n\n${away}`;
    // The reply shows up live for a user who is looking at the room: the bell is for those who aren't.
    const notify = !(await userIsWatching(room));
    await commitRoom(
      roomId,
      // Hand over only a room still waiting on the assistant: one an admin took or resolved
      // while the answer was being written keeps its status.
      (r) =>
        reply.escalate && r.status === "open" && !r.adminId
          ? {
            ...r,
            status: "waiting_admin",
            priority: reply.reason === "payment" ? "high" : r.priority,
          }
          : r,
      { senderId: null, senderType: "ai", message: reply.text, sources: reply.sources },
      async (op, updated) => {
        // Answer each user message at most once, however often the job is retried: a run that
        // finds the message answered stops without writing.
        const answered = await kv().get(keys.aiAnswered(messageId));
        if (answered.value) throw ALREADY_ANSWERED;
        op.check(answered).set(keys.aiAnswered(messageId), true, { expireIn: 7 * 86_400_000 });
        if (notify) notifyReply(op, updated, reply.text);
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
      if (err !== ALREADY_ANSWERED) throw err;
    });
  },
);

/** Queue the assistant's answer to a user's message, inside the commit that stores the message. */
export async function queueAnswer(op: Deno.AtomicOperation, roomId: string, messageId: string) {
  await aiAnswer({ roomId, messageId }, { atomic: op });
}

// The support flow moved to lib/chat/support.ts; these names stay for existing imports.
export { openSupportRoom, postMessage } from "../chat/support.ts";
