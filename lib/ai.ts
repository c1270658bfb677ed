// The support assistant. Each user message is answered by a queued job: from Gemini when
// GEMINI_API_KEY is set (with the conversation, the most relevant FAQ entries and listings as
// context), otherwise by a local assistant that ranks FAQ entries and listings with BM25. Either
// way it hands the room to a human when asked, on payment or refund problems, or when unsure.
import { GoogleGenAI, Type } from "@google/genai";
import { z } from "zod";
import { config } from "../fresh.config.ts";
import type { UserRecord } from "./auth.ts";
import {
  ADMINS_TOPIC,
  commitRoom,
  createRoom,
  getRoomFor,
  listMessages,
  type Message,
  type Room,
} from "./chat.ts";
import { type Faq, listFaqs } from "./faqs.ts";
import { keys, kv, listAll } from "./kv.ts";
import type { Listing } from "./marketplace.ts";
import { defineJob } from "./queue.ts";
import { addEvent } from "./realtime.ts";

export interface Answer {
  text: string;
  escalate: boolean;
  reason: string | null;
  sources: { faqIds: string[]; listingIds: string[] };
}

const HUMAN_RE =
  /\b(human|real person|a person|agent|someone|somebody|representative|operator|staff|talk to (a|an|some)|speak (to|with))\b/i;
const MONEY_RE =
  /\b(refund|refunds|refunded|chargeback|charged twice|double charged|payment (failed|problem|issue|declined)|card (declined|was charged)|money back|dispute|billing (problem|issue))\b/i;

// ---------- retrieval: BM25 over FAQ entries and approved listings

const STOP = new Set(
  "a an and are as at be but by can do does for from how i if in into is it its me my no not of on or our so that the their then there these they this to was we what when where which who why will with you your"
    .split(" "),
);

export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9\s]/g, " ").split(/\s+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => w.replace(/(ing|ed|es|s)$/, "") || w);
}

interface Doc {
  kind: "faq" | "listing";
  id: string;
  tokens: string[];
  faq?: Faq;
  listing?: Listing;
}

export function bm25(query: string[], docs: Doc[], k1 = 1.2, b = 0.75) {
  const avg = docs.reduce((s, d) => s + d.tokens.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  return docs.map((d) => {
    let score = 0;
    for (const q of new Set(query)) {
      const tf = d.tokens.filter((t) => t === q).length;
      if (!tf) continue;
      const n = df.get(q) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.tokens.length) / avg));
    }
    return { doc: d, score };
  }).filter((r) => r.score > 0).sort((a, b) => b.score - a.score);
}

async function knowledge(): Promise<Doc[]> {
  const [faqs, listings] = await Promise.all([listFaqs(), listAll<Listing>(keys.listingsAll())]);
  return [
    ...faqs.map((faq): Doc => ({
      kind: "faq",
      id: faq.id,
      faq,
      tokens: tokenize(
        `${faq.question} ${faq.question} ${faq.answer} ${faq.tags.join(" ")} ${faq.category}`,
      ),
    })),
    ...listings.filter((l) => l.status === "approved").map((listing): Doc => ({
      kind: "listing",
      id: listing.id,
      listing,
      tokens: tokenize(
        `${listing.title} ${listing.title} ${listing.description} ${listing.category} template`,
      ),
    })),
  ];
}

/** The minimum BM25 score the local assistant trusts. */
const CONFIDENT = 1.5;

function price(l: Listing) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: l.currency.toUpperCase() })
    .format(l.price / 100);
}

export function localAnswer(question: string, docs: Doc[]): Answer {
  const ranked = bm25(tokenize(question), docs);
  const top = ranked[0];
  if (!top || top.score < CONFIDENT) {
    return {
      text:
        "I'm not sure I have a good answer to that, so I've asked our support team to take a look. Someone will reply here soon.",
      escalate: true,
      reason: "low_confidence",
      sources: { faqIds: [], listingIds: [] },
    };
  }
  if (top.doc.kind === "faq") {
    const faq = top.doc.faq!;
    const related = ranked.slice(1, 3).filter((r) =>
      r.doc.kind === "listing" && r.score >= CONFIDENT
    );
    const extra = related.length
      ? `\n\nYou might also like: ${
        related.map((r) => `${r.doc.listing!.title} (/marketplace/${r.doc.id})`).join(", ")
      }.`
      : "";
    return {
      text: `${faq.answer}${extra}\n\n(From our FAQ: "${faq.question}". Ask for a human any time.)`,
      escalate: false,
      reason: null,
      sources: { faqIds: [faq.id], listingIds: related.map((r) => r.doc.id) },
    };
  }
  const listings = ranked.filter((r) => r.doc.kind === "listing" && r.score >= CONFIDENT).slice(
    0,
    3,
  );
  return {
    text: `These templates match what you're looking for:\n${
      listings.map((r) =>
        `• ${r.doc.listing!.title} — ${price(r.doc.listing!)} (/marketplace/${r.doc.id})`
      ).join("\n")
    }\n\nEach one comes as an editable copy in your pages after purchase.`,
    escalate: false,
    reason: null,
    sources: { faqIds: [], listingIds: listings.map((r) => r.doc.id) },
  };
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
  const context = bm25(tokenize(last), docs).slice(0, 6).map((r) =>
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
  const base = config().geminiApiKey
    ? await geminiAnswer(history, docs).catch((err) => {
      console.error("Gemini failed:", err);
      return {
        text:
          "Sorry, I couldn't look that up just now. I've passed your question to our support team, who will reply here.",
        escalate: true,
        reason: "model_error",
        sources: { faqIds: [], listingIds: [] },
      } satisfies Answer;
    })
    : localAnswer(last, docs);
  if (HUMAN_RE.test(last)) {
    return {
      ...base,
      text: "Of course — I've asked a member of our team to join. They'll reply right here.",
      escalate: true,
      reason: "asked_for_human",
    };
  }
  if (MONEY_RE.test(last)) {
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

const aiAnswer = defineJob<{ roomId: string; messageId: string }>(
  "ai.answer",
  async ({ roomId, messageId }) => {
    const room = (await kv().get<Room>(keys.room(roomId))).value;
    if (!room || room.status !== "open" || room.adminId) return;
    if ((await kv().get(keys.aiAnswered(messageId))).value) return;
    const history = await listMessages(roomId, { limit: 30 });
    const reply = await answer(history);
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
        notifyUser(op, updated, reply.text);
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
  addEvent(op, `user:${room.userId}`, "chat", {
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
  return await createRoom(user, input, async (op, room, message) => {
    if (message) await aiAnswer({ roomId: room.id, messageId: message.id }, { atomic: op });
  });
}

/** A message from the room's user (answered by the assistant while no admin has the room) or an admin. */
export async function postMessage(viewer: UserRecord, roomId: string, text: string) {
  const room = await getRoomFor(viewer, roomId);
  const asAdmin = viewer.id !== room.userId && viewer.role === "admin";
  return await commitRoom(
    roomId,
    (r) =>
      asAdmin
        ? { ...r, adminId: r.adminId ?? viewer.id, status: "assigned" }
        : { ...r, status: r.status === "resolved" ? "open" : r.status },
    { senderId: viewer.id, senderType: asAdmin ? "admin" : "user", message: text },
    async (op, updated, message) => {
      if (asAdmin) return notifyUser(op, updated, text);
      if (updated.status === "open" && !updated.adminId) {
        await aiAnswer({ roomId, messageId: message!.id }, { atomic: op });
      } else if (updated.adminId) {
        addEvent(op, `user:${updated.adminId}`, "chat", {
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
