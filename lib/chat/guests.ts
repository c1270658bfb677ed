// Guest chat: a visitor without an account opens a room with a question and gets a guest token,
// sent back as `Authorization: Guest <token>` on the chat routes. The token names one room (its
// SHA-256 is the KV key, so a KV dump cannot be replayed); the guest is a ChatViewer whose id is
// the room's `userId`, so every room check (getRoomFor) treats it as that room's own user and
// any other room as not found. Guests cost assistant calls, so rooms and messages are limited
// per client address. Signing in (or up) with the token at hand claims the room for the account.
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import type { UserRecord } from "../auth/index.ts";
import { detectPageLocale } from "../ai/page-language.ts";
import { serverT } from "../notifications/text.ts";
import { queueAnswer } from "../ai/assistant.ts";
import { type AppEnv, conflict, unauthorized } from "../http/index.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import { requireUser, streamGuard } from "../http/session.ts";
import { keys, kv, newId, nowIso } from "../kv/index.ts";
import { type ChatViewer, commitRoom, createRoom, notePosted, type Room } from "./rooms.ts";

const TOKEN_TTL_MS = 90 * 86_400_000;

export const guestStartSchema = z.object({
  name: z.string().trim().max(80).optional(),
  email: z.string().trim().toLowerCase().email("Enter a valid email").max(254).optional(),
  message: z.string().trim().min(1, "Write a message").max(4000),
});
export const guestClaimSchema = z.object({ guestToken: z.string().min(20).max(100) });

interface GuestRecord {
  guestId: string;
  roomId: string;
  name: string;
  email: string | null;
  createdAt: string;
}

export interface Guest extends ChatViewer {
  role: "guest";
  roomId: string;
  email: string | null;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Open a guest's room with its first message (the assistant answers it); returns the token. */
export async function startGuestChat(input: z.infer<typeof guestStartSchema>, ip: string) {
  const subject = addressSubject(ip);
  await hit(rules.guestRoom(), subject);
  await hit(rules.guestMessage(), subject);
  const guestToken = randomToken();
  const hash = await sha256(guestToken);
  const guestId = `guest_${newId()}`;
  // Unnamed, a guest is called so in the language its first message is written in.
  const name = input.name ||
    serverT(detectPageLocale(input.message) ?? "en")("server.chat.guest");
  const email = input.email ?? null;
  const { room, message } = await createRoom(
    { id: guestId, name },
    { subject: input.message.slice(0, 80), message: input.message },
    async (op, room, message) => {
      const record: GuestRecord = { guestId, roomId: room.id, name, email, createdAt: nowIso() };
      op.set(keys.guestToken(hash), record, { expireIn: TOKEN_TTL_MS });
      notePosted(op, room);
      if (message) await queueAnswer(op, room.id, message.id);
    },
    { guest: { email } },
  );
  return { room, message, guestToken };
}

/**
 * A guest token for a room opened elsewhere (a page's widget, site-widget.ts): the record is set
 * in `op`, the room's own commit.
 */
export async function issueGuestToken(
  op: Deno.AtomicOperation,
  rec: { guestId: string; roomId: string; name: string; email: string | null },
): Promise<string> {
  const token = randomToken();
  const record: GuestRecord = { ...rec, createdAt: nowIso() };
  op.set(keys.guestToken(await sha256(token)), record, { expireIn: TOKEN_TTL_MS });
  return token;
}

/** The guest a token stands for, while its room is still the guest's; else null. */
export async function guestFromToken(token: string): Promise<Guest | null> {
  if (token.length < 20 || token.length > 100) return null;
  const rec = (await kv().get<GuestRecord>(keys.guestToken(await sha256(token)))).value;
  if (!rec) return null;
  return {
    id: rec.guestId,
    name: rec.name,
    role: "guest",
    roomId: rec.roomId,
    email: rec.email,
  };
}

const guests = new WeakMap<Request, Guest>();

/**
 * Route guard of the chat routes a guest may use: a signed-in session, or a valid
 * `Authorization: Guest <token>` (which wins when both are present: it is what the caller asked).
 */
export const signedInOrGuest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header?.startsWith("Guest ")) {
    const guest = await guestFromToken(header.slice(6).trim());
    if (!guest) throw unauthorized("This guest conversation is no longer available");
    guests.set(c.req.raw, guest);
  } else {
    requireUser(c);
  }
  await next();
};

/** The guest of this request, if it came with a guest token. */
export const guestOf = (c: Context<AppEnv>): Guest | null => guests.get(c.req.raw) ?? null;

/** Who is asking: the request's guest, else the signed-in user (401 without either). */
export function viewerOf(c: Context<AppEnv>): ChatViewer {
  return guestOf(c) ?? requireUser(c);
}

/** As streamGuard (lib/http/session.ts), for a guest: the token must still open its room. */
export function viewerStreamGuard(c: Context<AppEnv>): () => Promise<boolean> {
  const guest = guestOf(c);
  if (!guest) return streamGuard(c);
  return async () => {
    const room = (await kv().get<Room>(keys.room(guest.roomId))).value;
    return room?.userId === guest.id;
  };
}

/**
 * Move a guest's room to the signed-in `user` (a guest who signed up or in keeps the
 * conversation). The token proves the guest; it stops working once the room is claimed.
 */
export async function claimGuestRoom(user: UserRecord, token: string): Promise<Room> {
  const hash = await sha256(token);
  const guest = await guestFromToken(token);
  if (!guest) throw conflict("guest_unknown", "This guest conversation is no longer available");
  const { room } = await commitRoom(
    guest.roomId,
    (r) => {
      if (r.userId !== guest.id) throw conflict("already_claimed", "Already claimed");
      const { guest: _g, ...rest } = r;
      return { ...rest, userId: user.id, userName: user.name };
    },
    null,
    (op, room) => {
      op.delete(keys.guestToken(hash))
        .delete(keys.roomsByUser(guest.id, room.id))
        .set(keys.roomsByUser(user.id, room.id), room.id);
    },
  );
  return room;
}
