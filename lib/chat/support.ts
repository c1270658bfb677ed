// The support flow: a user opens a room with a question and the assistant answers it (a queued job,
// see lib/ai/assistant.ts) until a person takes the room; admins' replies ring the user's bell.
import type { UserRecord } from "../auth/index.ts";
import { queueAnswer } from "../ai/assistant.ts";
import { hit, rules } from "../http/rate-limit.ts";
import { addEvent } from "../realtime/index.ts";
import { userTopic } from "../realtime/topics.ts";
import { commitRoom, createRoom, getRoomFor, notePosted, notifyReply } from "./rooms.ts";

/** Open a support room with the user's first message; the assistant answers it. */
export async function openSupportRoom(
  user: UserRecord,
  input: { subject: string; message: string },
) {
  await hit(rules.chatMessage(), user.id); // each message starts an assistant job: limited
  return await createRoom(user, input, async (op, room, message) => {
    notePosted(op, room);
    if (message) await queueAnswer(op, room.id, message.id);
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
      if (asAdmin) return notifyReply(op, updated, text);
      notePosted(op, updated);
      if (updated.status === "open" && !updated.adminId) {
        await queueAnswer(op, roomId, message!.id);
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
