// The support assistant. Each user message is answered by a queued job: from Gemini when
// GEMINI_API_KEY is set (with the conversation, the most relevant FAQ entries and listings as
// context), otherwise by a local assistant that ranks FAQ entries and listings by how much of the
// question they cover (stemmed, stop words dropped, synonyms folded, the question field counting
// most). Either way it hands the room to a person when asked for one, on payment or refund
// problems, or when unsure.
import { z } from "zod";
import { config } from "../config.ts";
import type { Locale } from "../i18n/index.ts";
import { moneyIn, serverT } from "../notifications/text.ts";
import { detectPageLocale } from "./page-language.ts";
import { roomLocale } from "../chat/room-locale.ts";
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
  // Vietnamese and Thai asks: "gặp nhân viên", "nói chuyện với người thật"; "ขอคุยกับเจ้าหน้าที่".
  /(?:gặp|nói chuyện|trò chuyện|kết nối|chuyển|cần|muốn|liên hệ)\s+(?:(?:với|cùng|cho|sang|qua)\s+)?(?:một\s+)?(?:nhân viên|người thật|tư vấn viên|người hỗ trợ|admin)/i,
  /(?:คุย|ติดต่อ|ขอ|ต้องการ|โอนสาย|ส่งต่อ)\s*(?:กับ|ให้|หา|ไปยัง)?\s*(?:เจ้าหน้าที่|พนักงาน|คนจริง|แอดมิน|ทีมงาน|ฝ่ายบริการ)/,
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

// The same problems written in Vietnamese or Thai (not a question about the policy).
const LOCAL_MONEY_RE = new RegExp(
  "(?:hoàn tiền|hoàn lại tiền|bị trừ tiền|trừ tiền hai lần|thanh toán (?:không thành công|" +
    "thất bại|bị lỗi|lỗi)|chưa nhận được (?:tiền|mẫu|khoản)|คืนเงิน|ถูกตัดเงิน|ตัดเงินซ้ำ|" +
    "ชำระเงินไม่สำเร็จ|จ่ายเงินไม่สำเร็จ|ยังไม่ได้รับเงิน)",
  "i",
);
const LOCAL_MONEY_INFO_RE = /(?:chính sách hoàn tiền|นโยบายการคืนเงิน|นโยบายคืนเงิน)/gi;

export function moneyProblem(text: string): boolean {
  return MONEY_RE.test(text.replace(MONEY_INFO_RE, " ")) ||
    LOCAL_MONEY_RE.test(text.replace(LOCAL_MONEY_INFO_RE, " "));
}

/** At or above this coverage (and clearly ahead of the next entry) the assistant answers plainly. */
const CONFIDENT = 0.55;
/** Between this and CONFIDENT it answers but says it is unsure; below it, it hands over. */
const UNSURE = 0.45;

const price = (l: Listing, locale: Locale = "en") => moneyIn(l.price, l.currency, locale);

/** A question that asks how/what/where… rather than yes or no. */
const OPEN_QUESTION_RE =
  /^\W*(?:how|what|what's|whats|where|when|which|who|why|tell me|explain|show me|i (?:want|need|would like) to|help me)\b/i;

/** The FAQ answer phrased for this question: no bare "Yes." in reply to "How do I…?". */
export function phraseAnswer(answer: string, question: string): string {
  if (!OPEN_QUESTION_RE.test(question)) return answer;
  const rest = answer.replace(/^\s*(?:yes|no)\b\s*[.,:;!—–-]?\s*/i, "");
  return rest && rest !== answer ? rest[0].toUpperCase() + rest.slice(1) : answer;
}

/**
 * The language the assistant answers in: the one the message is written in when its letters say
 * so (Vietnamese diacritics, Thai script), else `fallback` (the room user's setting).
 */
export function replyLocale(question: string, fallback: Locale = "en"): Locale {
  return detectPageLocale(question) ?? fallback;
}

/** Thai script has no Latin words to match FAQ entries with: such a question is not a greeting. */
const NON_LATIN_WORDS = /[\u0E01-\u0E5B]/;

export function localAnswer(question: string, docs: Doc[], locale: Locale = "en"): Answer {
  const t = serverT(locale);
  const query = tokenize(question);
  if (query.length === 0 && !NON_LATIN_WORDS.test(question)) {
    return {
      text: t("server.ai.greeting"),
      escalate: false,
      reason: null,
      sources: { faqIds: [], listingIds: [] },
    };
  }
  const ranked = rank(query, docs);
  const top = ranked[0];
  if (!top || top.coverage < UNSURE) {
    return {
      text: t("server.ai.noAnswer"),
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
      ? `\n\n${
        t("server.ai.alsoLike", {
          list: related.map((r) => `${r.doc.listing!.title} (/marketplace/${r.doc.id})`).join(", "),
        })
      }`
      : "";
    const body = phraseAnswer(faq.answer, question);
    return {
      text: `${body}${extra}\n\n${
        t(sure ? "server.ai.fromFaq" : "server.ai.unsureFaq", { question: faq.question })
      }`,
      escalate: false,
      reason: null,
      sources: { faqIds: [faq.id], listingIds: related.map((r) => r.doc.id) },
    };
  }
  const listings = ranked.filter((r) => r.doc.kind === "listing" && r.coverage >= UNSURE)
    .slice(0, 3);
  return {
    text: `${t(sure ? "server.ai.templatesMatch" : "server.ai.templatesClose")}\n${
      listings.map((r) =>
        `• ${r.doc.listing!.title} — ${price(r.doc.listing!, locale)} (/marketplace/${r.doc.id})`
      ).join("\n")
    }\n\n${t("server.ai.templatesCopy")}`,
    escalate: false,
    reason: null,
    sources: { faqIds: [], listingIds: listings.map((r) => r.doc.id) },
  };
}

/** The local assistant's whole decision for one message: the answer, then hand-off rules. */
export function decide(
  question: string,
  docs: Doc[],
  base?: Answer,
  locale: Locale = replyLocale(question),
): Answer {
  base ??= localAnswer(question, docs, locale);
  const t = serverT(locale);
  if (asksForHuman(question)) {
    return {
      ...base,
      text: t("server.ai.human"),
      escalate: true,
      reason: "asked_for_human",
    };
  }
  if (moneyProblem(question)) {
    return {
      ...base,
      text: `${base.escalate ? "" : base.text + "\n\n"}${t("server.ai.payment")}`,
      escalate: true,
      reason: "payment",
    };
  }
  return base;
}

// ---------- Gemini

const REPLY_LANGUAGE: Record<Locale, string> = {
  en: "in English.",
  vi: "in Vietnamese (tiếng Việt, with all its diacritics).",
  th: "in Thai (ภาษาไทย).",
};

const geminiReply = z.object({
  answer: z.string().min(1).max(4000),
  escalate: z.boolean(),
  confidence: z.number().min(0).max(1),
  faqIds: z.array(z.string()).default([]),
  listingIds: z.array(z.string()).default([]),
});

async function geminiAnswer(history: Message[], docs: Doc[], locale: Locale): Promise<Answer> {
  const last = history.filter((m) => m.senderType === "user").at(-1)?.message ?? "";
  const context = rank(tokenize(last), docs).slice(0, 6).map((r) =>
    r.doc.kind === "faq"
      ? `FAQ ${r.doc.id}: Q: ${r.doc.faq!.question} A: ${r.doc.faq!.answer}`
      : `LISTING ${r.doc.id}: ${r.doc.listing!.title} (${price(r.doc.listing!, locale)}) — ${
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
        "Answer briefly and only from the context below, " + REPLY_LANGUAGE[locale] +
        " Set escalate=true when the user asks for a human, " +
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

/**
 * The answer to the last user message of `history`, in the language it is written in (else
 * `fallback`, the room user's).
 */
export async function answer(history: Message[], fallback: Locale = "en"): Promise<Answer> {
  const last = history.filter((m) => m.senderType === "user").at(-1)?.message ?? "";
  const locale = replyLocale(last, fallback);
  const docs = await knowledge();
  if (!config().geminiApiKey) return decide(last, docs, undefined, locale);
  const base = await geminiAnswer(history, docs, locale).catch((err) => {
    console.error("Gemini failed:", err);
    return {
      text: serverT(locale)("server.ai.modelError"),
      escalate: true,
      reason: "model_error",
      sources: { faqIds: [], listingIds: [] },
    } satisfies Answer;
  });
  return decide(last, docs, base, locale);
}

const ALREADY_ANSWERED = new Error("already answered");

const aiAnswer = defineJob<{ roomId: string; messageId: string }>(
  "ai.answer",
  async ({ roomId, messageId }) => {
    const room = (await kv().get<Room>(keys.room(roomId))).value;
    if (!room || room.status !== "open" || room.adminId) return;
    if ((await kv().get(keys.aiAnswered(messageId))).value) return;
    const history = await listMessages(roomId, { limit: 30 });
    const reply = await answer(history, await roomLocale(room));
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
        if (notify) await notifyReply(op, updated, reply.text);
        if (reply.escalate) {
          // Every admin reads the admins' topic: its notices stay in English.
          addEvent(op, ADMINS_TOPIC, "chat", {
            title: serverT("en")("server.notif.waitingHuman.title", { name: updated.userName }),
            body: updated.subject,
            href: `/admin/support?room=${roomId}`,
            roomId,
            reason: reply.reason,
            at: new Date().toISOString(),
          });
        }
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
