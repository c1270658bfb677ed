// KV keys of email campaigns, their per-recipient markers and the unsubscribed addresses.
export const campaignKeys = {
  campaign: (id: string) => ["campaigns", id],
  campaignsByOwner: (ownerId: string, id: string) => ["campaigns_by_owner", ownerId, id],
  campaignsByOwnerPrefix: (ownerId: string) => ["campaigns_by_owner", ownerId],
  /** A sum counter per campaign: what is "sent" | "failed" | "unsubscribed". */
  campaignCount: (id: string, what: string) => ["campaign_counts", id, what],
  /** One recipient's outcome in a campaign (by address, so a person gets one copy). */
  campaignRecipient: (id: string, email: string) => ["campaign_recipients", id, email],
  campaignRecipients: (id: string) => ["campaign_recipients", id],
  /** An address that unsubscribed from the owner's campaigns. */
  unsubscribed: (ownerId: string, email: string) => ["unsubscribed", ownerId, email],
} as const;
