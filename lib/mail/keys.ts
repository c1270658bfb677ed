// KV keys of sent mail (the dev mailbox reads them).
export const mailKeys = {
  mail: (id: string) => ["mail", id],
  mailAll: () => ["mail"],
} as const;
