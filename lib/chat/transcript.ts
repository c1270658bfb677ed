// A conversation's transcript by email, on request of the room's own user or guest (to the
// account's or the guest's email). It reads the room's `messages` only, so private notes (kept
// apart, see notes.ts) are never in it.
import { getUser } from "../auth/index.ts";
import { forbidden, invalid } from "../http/index.ts";
import { hit, rules } from "../http/rate-limit.ts";
import { mailLocale, sendMail, transcriptEmail } from "../mail/index.ts";
import type { Locale } from "../i18n/index.ts";
import { type ChatViewer, getRoomFor, listMessages, type Message } from "./rooms.ts";

const MAX_MESSAGES = 2000;

/** `locale`: the asking request's language (a guest's; a user's saved setting comes first). */
export async function emailTranscript(viewer: ChatViewer, roomId: string, locale: Locale = "en") {
  const room = await getRoomFor(viewer, roomId);
  if (room.userId !== viewer.id) throw forbidden("Only the conversation's own user can ask");
  const user = room.guest ? null : await getUser(room.userId);
  const to = room.guest ? room.guest.email : user?.email ?? null;
  if (!to) throw invalid("Leave an email first", { email: "no email for this conversation" });
  await hit(rules.chatMessage(), viewer.id); // each request sends a mail: limited
  const all: Message[] = [];
  let after = "0";
  while (all.length < MAX_MESSAGES) {
    const page = await listMessages(room.id, { after, limit: 200 });
    all.push(...page);
    if (page.length < 200) break;
    after = page[page.length - 1].id;
  }
  const lines = all.filter((m) => !m.private).map((m) => ({
    at: `${m.createdAt.slice(0, 16).replace("T", " ")} UTC`,
    who: m.senderType,
    message: m.message,
  }));
  await sendMail({ to, ...transcriptEmail(room.subject, lines, mailLocale(user, locale)) });
  return { sentTo: to };
}
