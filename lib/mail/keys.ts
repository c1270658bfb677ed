// KV keys of sent mail (the dev mailbox reads them).
export const mailKeys = {
  mail: (id: string) => ["mail", id],
  mailAll: () => ["mail"],
  /** Set with a message queued "once" under this key (retried jobs do not mail twice). */
  mailOnce: (key: string) => ["mail_once", key],
} as const;
