// The stored custom-domain record and its public view.
export interface DomainRecord {
  hostname: string;
  pageId: string;
  ownerId: string;
  status: "pending" | "active";
  /** The value the TXT record `_landinghub.<hostname>` must hold. */
  token: string;
  createdAt: string;
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  /** When periodic re-verification first failed in the current run of failures. */
  failingSince: string | null;
  /** The id of the one live re-verification chain (older queued checks see a mismatch and stop). */
  checkChain: string | null;
}

export interface DomainView {
  hostname: string;
  status: "pending" | "active";
  verification: { type: "TXT"; name: string; value: string };
  /** Where the hostname should point (CNAME, or ALIAS/ANAME at an apex). */
  cname: string;
  createdAt: string;
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  failingSince: string | null;
}
