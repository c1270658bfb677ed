// KV keys that belong to no one domain: app configuration, rate-limit windows, large-value chunks.
export const sharedKeys = {
  config: (name: string) => ["config", name],
  rateLimit: (bucket: string, subject: string, window: number) => [
    "rate_limits",
    bucket,
    subject,
    window,
  ],
  /** One chunk of a value stored by lib/kv/large.ts (`gen` is that write's id). */
  largeChunk: (gen: string, n: number) => ["large_chunks", gen, n],
} as const;
