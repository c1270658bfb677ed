// Support chat's surface: rooms and messages (rooms.ts), the support flow with the assistant
// (support.ts), FAQ entries (faqs.ts), key builders (keys.ts).
export * from "./rooms.ts";
export { openSupportRoom, postMessage } from "./support.ts";
export { indexRoom, type RoomFilter, roomIndexKeys } from "./inbox.ts";
