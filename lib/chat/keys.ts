// KV keys of support chat: rooms and their user index, messages, presence, FAQ entries.
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
} as const;
