// Private notes: staff-only messages in a room. They live under their own KV prefix
// (keys.roomNote) and their own realtime topic (staffRoomTopic), so every path a room's user or
// guest reads (the message list, the room stream and its Last-Event-ID replay, the assistant's
// history, emails, transcripts) reads `messages` and `room:<id>` only and cannot meet a note. Only
// staff reads merge them in. A note changes nothing the user sees: not the room's last message,
// unread counts or status.
import { forbidden, notFound } from "../http/index.ts";
import { keys, kv, newId, nowIso } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { staffRoomTopic } from "../realtime/topics.ts";
import {
  type ChatViewer,
  listMessageRange,
  listMessages,
  type Message,
  type Room,
} from "./rooms.ts";

export { staffRoomTopic };

/** Add a staff-only note to a room (admins only). */
export async function addNote(
  admin: ChatViewer,
  roomId: string,
  text: string,
): Promise<{ room: Room; message: Message }> {
  if (admin.role !== "admin") throw forbidden("Only staff can write private notes");
  const room = (await kv().get<Room>(keys.room(roomId))).value;
  if (!room) throw notFound("Room");
  const note: Message = {
    id: newId(),
    roomId,
    senderId: admin.id,
    senderType: "admin",
    message: text,
    createdAt: nowIso(),
    private: true,
  };
  const op = kv().atomic().set(keys.roomNote(roomId, note.id), note);
  addEvent(op, staffRoomTopic(roomId), "message", note);
  await op.commit();
  return { room, message: note };
}

/**
 * A page of a room's conversation for `viewer`: the messages, and for staff the notes merged in
 * id (time) order. Both logs are read with the same bounds, so the page's oldest id still works
 * as the `before` cursor of the next page.
 */
export async function listRoomMessages(
  viewer: ChatViewer,
  roomId: string,
  opts: { after?: string; before?: string; limit: number },
): Promise<Message[]> {
  const messages = await listMessages(roomId, opts);
  if (viewer.role !== "admin") return messages;
  const notes = await listMessageRange(keys.roomNotes(roomId), opts);
  if (!notes.length) return messages;
  const all = [...messages, ...notes].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return opts.after ? all.slice(0, opts.limit) : all.slice(-opts.limit);
}
