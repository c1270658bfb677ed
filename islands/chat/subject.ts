// Conversation helpers shared by the support page (server) and the chat islands (browser).

// English, Vietnamese ("Xin chào shop,", "Chào anh/chị ạ") and Thai ("สวัสดีครับ") greetings.
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|dear\s+\w+)(?:\s+there|\s+team|\s+all)?|(?:dạ\s+)?(?:xin\s+)?chào(?:\s+(?:các\s+bạn|mọi\s+người|anh\/chị|bạn|anh|chị|em|shop|ad|admin|team))?(?:\s+ạ)?|สวัสดี(?:ครับ|ค่ะ|คะ|จ้า|ค่า)?)\s*[,!.:—-]*\s+/i;

/**
 * A conversation's subject when none was typed: the first words of its first message
 * ("How do I connect my own domain…"), without a greeting in front.
 */
export function subjectFrom(
  message: string,
  maxWords = 8,
  maxChars = 60,
  /** The subject of an empty message, in the writer's language. */
  fallback = "Question",
): string {
  const text = message.trim().replace(/\s+/g, " ");
  const body = text.replace(GREETING, "") || text;
  if (!body) return fallback;
  const words = body.split(" ");
  let subject = "";
  for (const word of words.slice(0, maxWords)) {
    const next = subject ? `${subject} ${word}` : word;
    if (next.length > maxChars) break;
    subject = next;
  }
  // A first word longer than the limit (a pasted link): cut it.
  if (!subject) subject = body.slice(0, maxChars - 1);
  const whole = subject.length === body.length;
  subject = subject.replace(/[\s,;:—–-]+$/, "");
  if (!whole) subject = `${subject.replace(/[.!?]+$/, "")}…`;
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

/**
 * When a message was sent, for its bubble: the time today ("14:05" or "2:05 PM", as the reader's
 * locale writes it), with the date before it on other days ("3 Mar, 14:05"; "3 Mar 2025, 14:05").
 */
export function messageTime(iso: string, now = new Date(), locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  // "09:05" where clocks run to 23, "9:05 AM" where they run to 12.
  const { hourCycle } = new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions();
  const hour = hourCycle === "h23" || hourCycle === "h24" ? "2-digit" : "numeric";
  const time = at.toLocaleTimeString(locale, { hour, minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  const date = at.toLocaleDateString(locale, {
    day: "numeric",
    month: "short",
    ...(at.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
  return `${date}, ${time}`;
}
