// Email when away: staff replies to a user or guest who is not in the conversation are sent as
// one digest email, not one mail per message. The first staff reply of a quiet spell queues a
// job (delayed by `awayDigest.delayMs`, 5 minutes) in the reply's own commit, and marks the room
// as having one pending, so later replies join that digest. When the job runs, a user who has
// read the room meanwhile or has it open on a stream gets nothing; otherwise the staff replies
// since the first one go out with a link back. The digest reads the room's `messages` only, so
// private notes (kept apart, see notes.ts) can never be in it.
import { getUser } from "../auth/index.ts";
import { config } from "../config.ts";
import { keys, kv } from "../kv/index.ts";
import { mailLocale, sendMail, supportReplyEmail } from "../mail/index.ts";
import { defineJob } from "../queue/index.ts";
import { listMessages, type Message, type Room, userIsWatching } from "./rooms.ts";

/** How long a reply waits for its reader before it is emailed (tests shorten it). */
export const awayDigest = { delayMs: 5 * 60_000 };

const pendingKey = (roomId: string) => ["chat_digest_pending", roomId];

const digestJob = defineJob<{ roomId: string; since: string }>(
  "chat.away_digest",
  async ({ roomId, since }) => {
    await kv().delete(pendingKey(roomId));
    const room = (await kv().get<Room>(keys.room(roomId))).value;
    if (!room || room.unreadUser === 0 || await userIsWatching(room)) return;
    const user = room.guest ? null : await getUser(room.userId);
    const to = room.guest ? room.guest.email : user?.email ?? null;
    if (!to) return;
    const replies = (await listMessages(roomId, { limit: 50 }))
      .filter((m) => m.senderType === "admin" && m.id >= since && !m.private);
    if (!replies.length) return;
    const link = room.guest
      ? `${config().appOrigin}/` // the guest's token lives in its browser: the chat opens there
      : `${config().appOrigin}/support?room=${room.id}`;
    // The user's language; a guest's is not known here (English).
    await sendMail({
      to,
      ...supportReplyEmail({
        name: room.userName,
        subject: room.subject,
        replies: replies.map((m) => m.message),
        link,
      }, mailLocale(user)),
    });
  },
);

/** In the commit of a staff reply: queue the room's digest unless one is already pending. */
export async function queueAwayDigest(op: Deno.AtomicOperation, room: Room, reply: Message) {
  const pending = await kv().get(pendingKey(room.id));
  if (pending.value) return;
  op.check(pending).set(pendingKey(room.id), reply.id, {
    expireIn: awayDigest.delayMs + 3_600_000,
  });
  await digestJob({ roomId: room.id, since: reply.id }, {
    atomic: op,
    delayMs: awayDigest.delayMs,
  });
}
