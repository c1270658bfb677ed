// The support widget of sellers' published pages: a visitor of a page with `seo.supportWidget`
// asks the PAGE OWNER (not staff, not the assistant). A widget conversation is a guest room
// (guests.ts: same token, same rate limits) marked with `site`, indexed in the owner's inbox
// (inbox.ts "site_owner" scope) and announced on the owner's user topic. The widget runs on the
// site's own origin, so every widget request must carry that origin and nothing else.
import { z } from "zod";
import { config } from "../config.ts";
import { forbidden, notFound } from "../http/index.ts";
import { addressSubject, hit, rules } from "../http/rate-limit.ts";
import { keys, kv, listKvEntries, newId, type Paged } from "../kv/index.ts";
import { getPage } from "../pages/index.ts";
import { getSite } from "../sites/publish.ts";
import { customHostSlug } from "../domains/index.ts";
import { detectPageLocale } from "../ai/page-language.ts";
import { serverT } from "../notifications/text.ts";
import { guestFromToken, issueGuestToken } from "./guests.ts";
import { listRoomMessages } from "./notes.ts";
import { commitRoom, createRoom, type Message, notePosted, type Room } from "./rooms.ts";
import { roomsOf } from "./inbox.ts";

export const widgetStartSchema = z.object({
  name: z.string().trim().max(80).optional(),
  email: z.string().trim().toLowerCase().email("Enter a valid email").max(254).optional(),
  message: z.string().trim().min(1, "Write a message").max(4000),
});
export const widgetMessageSchema = z.object({
  message: z.string().trim().min(1, "Write a message").max(4000),
});

/** The published site behind `slug` if its page has the widget on; else 404. */
async function widgetSite(slug: string) {
  const site = await getSite(slug);
  const page = site && await getPage(site.pageId);
  if (!site || !page || !page.seo.supportWidget) throw notFound("Widget");
  return site;
}

/**
 * Whether `origin` is the site's own: `{scheme}://{slug}.{SITES_DOMAIN}` or an active custom
 * domain that serves this slug. Anything else (another site, the app, none) is refused.
 */
export async function isSiteOrigin(slug: string, origin: string | undefined): Promise<boolean> {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  const { appOrigin, sitesDomain } = config();
  const scheme = appOrigin.startsWith("https://") ? "https:" : "http:";
  if (url.protocol === scheme && url.host === `${slug}.${sitesDomain}`) return true;
  if (url.protocol !== "https:" || url.port) return false;
  return (await customHostSlug(url.hostname).catch(() => null)) === slug;
}

/** 403 unless the request came from the site's own origin. */
export async function requireSiteOrigin(slug: string, origin: string | undefined) {
  if (!(await isSiteOrigin(slug, origin))) throw forbidden("Requests from this origin are refused");
}

/** A visitor's first message: a room in the page owner's inbox and the guest token that opens it. */
export async function startWidgetChat(
  slug: string,
  input: z.infer<typeof widgetStartSchema>,
  ip: string,
) {
  const site = await widgetSite(slug);
  const subject = addressSubject(ip);
  await hit(rules.guestRoom(), subject);
  await hit(rules.guestMessage(), subject);
  const guestId = `guest_${newId()}`;
  // Unnamed, a visitor is called so in the page's language (else the one they wrote in).
  const locale = site.content.locale && site.content.locale !== "en"
    ? site.content.locale
    : detectPageLocale(input.message) ?? "en";
  const name = input.name || serverT(locale)("server.chat.visitor");
  const email = input.email ?? null;
  let guestToken = "";
  const { room, message } = await createRoom(
    { id: guestId, name },
    { subject: input.message.slice(0, 80), message: input.message },
    async (op, room) => {
      guestToken = await issueGuestToken(op, { guestId, roomId: room.id, name, email });
      notePosted(op, room);
    },
    { guest: { email }, site: { pageId: site.pageId, ownerId: site.ownerId, slug } },
  );
  return { room: widgetRoom(room), message, guestToken };
}

/** What the widget shows of its room (no owner id). */
function widgetRoom(r: Room) {
  return { id: r.id, status: r.status, createdAt: r.createdAt, lastMessageAt: r.lastMessageAt };
}

/** The widget room a guest token opens on this site; any other token or site is a 404. */
export async function widgetGuestRoom(slug: string, token: string | null | undefined) {
  const guest = token ? await guestFromToken(token) : null;
  const room = guest && (await kv().get<Room>(keys.room(guest.roomId))).value;
  if (!guest || !room || room.userId !== guest.id || room.site?.slug !== slug) {
    throw notFound("Conversation");
  }
  return { guest, room };
}

export async function widgetMessages(slug: string, token: string | undefined) {
  const { guest, room } = await widgetGuestRoom(slug, token);
  return await listRoomMessages(guest, room.id, { limit: 100 });
}

export async function postWidgetMessage(
  slug: string,
  token: string | undefined,
  text: string,
  ip: string,
): Promise<Message> {
  const { guest, room } = await widgetGuestRoom(slug, token);
  await hit(rules.guestMessage(), addressSubject(ip));
  const { message } = await commitRoom(
    room.id,
    (r) => ({ ...r, status: r.status === "resolved" ? "open" : r.status }),
    { senderId: guest.id, senderType: "user", message: text },
    (op, r) => notePosted(op, r),
  );
  return message!;
}

// ---------- the owner's side

/** A widget room of one of `ownerId`'s pages; anyone else's is a 404. */
export async function ownerRoom(ownerId: string, roomId: string): Promise<Room> {
  const room = (await kv().get<Room>(keys.room(roomId))).value;
  if (!room || room.site?.ownerId !== ownerId) throw notFound("Conversation");
  return room;
}

/** The owner's widget conversations, newest activity first. */
export async function listOwnerRooms(
  ownerId: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Paged<Room>> {
  const { entries, cursor } = await listKvEntries<Room | string>(
    keys.roomIndex(["site_owner", ownerId]),
    { limit: page.limit ?? 20, cursor: page.cursor, reverse: true },
  );
  return { items: await roomsOf(entries), cursor };
}

export async function ownerMessages(ownerId: string, roomId: string) {
  const room = await ownerRoom(ownerId, roomId);
  // The owner reads as the room's counterpart: user messages and replies, no staff notes.
  return await listRoomMessages({ id: ownerId, name: "", role: "user" }, room.id, { limit: 100 });
}

/** The owner answers: the visitor's widget stream gets it live (the room's topic). */
export async function ownerReply(ownerId: string, roomId: string, text: string): Promise<Message> {
  await ownerRoom(ownerId, roomId);
  const { message } = await commitRoom(
    roomId,
    (r) => ({ ...r, status: "assigned", adminId: ownerId, unreadAdmin: 0 }),
    { senderId: ownerId, senderType: "admin", message: text },
  );
  return message!;
}

export { widgetSite };
