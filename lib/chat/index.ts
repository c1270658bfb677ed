// Support chat's surface: rooms and messages (rooms.ts), the support flow with the assistant
// (support.ts), FAQ entries (faqs.ts), key builders (keys.ts), guests (guests.ts), staff-only
// notes (notes.ts), CSAT (csat.ts) and canned replies (canned.ts).
export * from "./rooms.ts";
export { openSupportRoom, postMessage } from "./support.ts";
export { indexRoom, type RoomFilter, roomIndexKeys } from "./inbox.ts";
export {
  claimGuestRoom,
  type Guest,
  guestClaimSchema,
  guestFromToken,
  guestOf,
  guestStartSchema,
  signedInOrGuest,
  startGuestChat,
  viewerOf,
  viewerStreamGuard,
} from "./guests.ts";
export { addNote, listRoomMessages, staffRoomTopic } from "./notes.ts";
export { type CsatStats, rateRoom, ratingSchema, readCsat } from "./csat.ts";
export {
  type CannedReply,
  cannedSchema,
  createCanned,
  deleteCanned,
  listCanned,
  updateCanned,
} from "./canned.ts";
export { awayDigest } from "./away.ts";
export { searchRooms } from "./search.ts";
export { emailTranscript } from "./transcript.ts";
export { snoozeRoom, snoozeSchema } from "./snooze.ts";
export {
  getOfficeHours,
  isOpenAt,
  type OfficeHours,
  officeHoursSchema,
  setOfficeHours,
  supportStatus,
} from "./hours.ts";
export {
  isSiteOrigin,
  listOwnerRooms,
  ownerMessages,
  ownerReply,
  ownerRoom,
  postWidgetMessage,
  requireSiteOrigin,
  startWidgetChat,
  widgetGuestRoom,
  widgetMessages,
  widgetMessageSchema,
  widgetStartSchema,
} from "./site-widget.ts";
