// KV keys of support chat: rooms and their user index, messages, staff notes, presence, FAQ
// entries, guest tokens, canned replies and CSAT counters.
export const chatKeys = {
  room: (id: string) => ["rooms", id],
  roomsAll: () => ["rooms"],
  /** The inbox index (see lib/chat/inbox.ts); `parts` is a scope, or a scope and its sort key. */
  roomIndex: (parts: Deno.KvKeyPart[]) => ["rooms_by_activity", ...parts],
  roomsByUser: (userId: string, id: string) => ["rooms_by_user", userId, id],
  message: (roomId: string, id: string) => ["messages", roomId, id],
  messages: (roomId: string) => ["messages", roomId],
  aiAnswered: (messageId: string) => ["ai_answered", messageId],
  chatPresence: (roomId: string, id: string) => ["chat_presence", roomId, id],
  chatPresences: (roomId: string) => ["chat_presence", roomId],
  faq: (id: string) => ["faqs", id],
  faqsAll: () => ["faqs"],
  /** Staff-only notes of a room: kept apart from `messages` so no user path can read them. */
  roomNote: (roomId: string, id: string) => ["room_notes", roomId, id],
  roomNotes: (roomId: string) => ["room_notes", roomId],
  /** A guest's room, by the SHA-256 (hex) of the guest's token. */
  guestToken: (hash: string) => ["chat_guest_tokens", hash],
  cannedReply: (id: string) => ["canned_replies", id],
  cannedByShortcut: (shortcut: string) => ["canned_by_shortcut", shortcut],
  cannedByShortcutAll: () => ["canned_by_shortcut"],
  /** CSAT sums and counts: `scope` is "all" or the rated room's admin id. */
  csat: (scope: string, part: "sum" | "count") => ["chat_csat", scope, part],
  csatAll: () => ["chat_csat"],
} as const;
