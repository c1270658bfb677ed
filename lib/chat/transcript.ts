// A conversation's transcript by email, on request of the room's own user or guest (to the
// account's or the guest's email). It reads the room's `messages` only, so private notes (kept
// apart, see notes.ts) are never in it.
import { getUser } from "../auth/index.ts";
import { forbidden, invalid } from "../http/index.ts";
import { hit, rules } from "../http/rate-limit.ts";
import { sendMail } from "../mail/index.ts";
import { type ChatViewer, getRoomFor, listMessages, type Message } from "./rooms.ts";

const WHO: Record<Message["senderType"], string> = {
  user: "You",
  ai: "Assistant",
  admin: "Support",
  system: "—",
};
const MAX_MESSAGES = 2000;

export async function emailTranscript(viewer: ChatViewer, roomId: string) {
  const room = await getRoomFor(viewer, roomId);
  if (room.userId !== viewer.id) throw forbidden("Only the conversation's own user can ask");
  const to = room.guest ? room.guest.email : (await getUser(room.userId))?.email ?? null;
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
  const lines = all.filter((m) => !m.private).map((m) =>
    `[${m.createdAt.slice(0, 16).replace("T", " ")} UTC] ${WHO[m.senderType]}: ${m.message}`
  );
  await sendMail({
    to,
    subject: `Your LandingHub support conversation: ${room.subject.slice(0, 60)}`,
    text: [`Transcript of "${room.subject}"`, "", ...lines].join("\n"),
  });
  return { sentTo: to };
}
