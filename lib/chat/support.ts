// The support flow: a user opens a room with a question and the assistant answers it (a queued job,
// see lib/ai/assistant.ts) until a person takes the room; admins' replies ring the user's bell.
import type { UserRecord } from "../auth/index.ts";
import { notifierFor } from "../notifications/text.ts";
import { queueAnswer } from "../ai/assistant.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import { addEvent } from "../realtime/index.ts";
import { userTopic } from "../realtime/topics.ts";
import { addNote } from "./notes.ts";
import { queueAwayDigest } from "./away.ts";
import { resolveAttachments } from "./attachments.ts";
import {
  type ChatViewer,
  commitRoom,
  createRoom,
  getRoomFor,
  notePosted,
  notifyReply,
} from "./rooms.ts";

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

/**
 * A message from the room's user or guest (answered by the assistant while no admin has the room)
 * or an admin; `private` makes an admin's message a staff-only note (notes.ts). `ip` is the
 * client address a guest's messages are limited by.
 */
export async function postMessage(
  viewer: ChatViewer,
  roomId: string,
  text: string,
  opts: { private?: boolean; ip?: string; attachments?: string[] } = {},
) {
  const room = await getRoomFor(viewer, roomId);
  const attachments = await resolveAttachments(viewer, opts.attachments);
  const asAdmin = viewer.id !== room.userId && viewer.role === "admin";
  if (opts.private) return await addNote(viewer, room.id, text);
  if (!asAdmin) await hit(rules.chatMessage(), viewer.id); // may start an assistant job: limited
  if (viewer.role === "guest") await hit(rules.guestMessage(), addressSubject(opts.ip ?? ""));
  return await commitRoom(
    roomId,
    (r) =>
      asAdmin
        ? { ...r, adminId: r.adminId ?? viewer.id, status: "assigned" }
        // The user writing again wakes a snoozed room.
        : { ...r, status: r.status === "resolved" ? "open" : r.status, snoozedUntil: null },
    {
      senderId: viewer.id,
      senderType: asAdmin ? "admin" : "user",
      message: text,
      ...(attachments ? { attachments } : {}),
    },
    async (op, updated, message) => {
      if (asAdmin) {
        await notifyReply(op, updated, text);
        return await queueAwayDigest(op, updated, message!);
      }
      notePosted(op, updated);
      if (updated.status === "open" && !updated.adminId) {
        await queueAnswer(op, roomId, message!.id);
      } else if (updated.adminId) {
        const staff = await notifierFor(updated.adminId);
        addEvent(op, userTopic(updated.adminId), "chat", {
          title: staff.t("server.notif.chatUserReplied.title", { name: updated.userName }),
          body: text.slice(0, 140),
          href: `/admin/support?room=${roomId}`,
          roomId,
          at: new Date().toISOString(),
        });
      }
    },
  );
}
