// The audit log for people: each entry's before → after as labelled values, money in its
// currency (lib/format.ts) instead of raw minor units, and ids as names with console links.
import { formatMoney } from "../format.ts";
import { fieldLabel } from "../http/index.ts";
import type { AuditEntry } from "./index.ts";

export interface AuditValue {
  text: string;
  href: string | null;
}
export interface AuditChange {
  field: string;
  before: AuditValue;
  after: AuditValue;
}

/** Integer fields that hold money in minor units. */
const MONEY = /^(amount|price|fee|total|balance)$|(Amount|Price|Fee|Share|Total|Cents)$/;
/** Fields that hold the id of something the console can name (`sellerId` → a user). */
const ID_KINDS: Record<string, string> = {
  userId: "user",
  sellerId: "user",
  buyerId: "user",
  adminId: "user",
  actorId: "user",
  listingId: "listing",
  orderId: "order",
  payoutId: "payout",
  roomId: "room",
};

const record = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) ? v as Record<string, unknown> : {};

/** The changed fields of an entry (or every field of a create/delete), as raw values. */
function changedFields(entry: AuditEntry): string[] {
  const b = record(entry.before);
  const a = record(entry.after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

/** The `kind:id` targets that the entries' id fields point at (to be named in one batch). */
export function idTargets(entries: AuditEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    for (const side of [record(e.before), record(e.after)]) {
      for (const [k, v] of Object.entries(side)) {
        if (Object.hasOwn(ID_KINDS, k) && typeof v === "string") out.push(`${ID_KINDS[k]}:${v}`);
      }
    }
  }
  return out;
}

/** One value as people read it. `named` holds the labels of `kind:id` targets. */
function show(
  key: string,
  value: unknown,
  currency: string,
  named: Map<string, { label: string; href: string | null }>,
): AuditValue {
  if (value === null || value === undefined || value === "") return { text: "–", href: null };
  if (typeof value === "number" && Number.isInteger(value) && MONEY.test(key)) {
    return { text: formatMoney(value, currency), href: null };
  }
  if (typeof value === "string" && Object.hasOwn(ID_KINDS, key)) {
    const hit = named.get(`${ID_KINDS[key]}:${value}`);
    if (hit && hit.label !== `${ID_KINDS[key]}:${value}`) {
      return { text: hit.label, href: hit.href };
    }
  }
  if (typeof value === "boolean") return { text: value ? "yes" : "no", href: null };
  if (Array.isArray(value)) return { text: value.map(String).join(", ") || "–", href: null };
  if (typeof value === "object") return { text: JSON.stringify(value), href: null };
  return { text: String(value), href: null };
}

/** Each entry's changes, keyed by entry id. */
export function auditChanges(
  entries: AuditEntry[],
  named: Map<string, { label: string; href: string | null }>,
): Map<string, AuditChange[]> {
  return new Map(entries.map((e) => {
    const b = record(e.before);
    const a = record(e.after);
    const currency = String(a.currency ?? b.currency ?? "usd");
    return [
      e.id,
      changedFields(e).filter((k) => k !== "updatedAt").map((k) => ({
        field: fieldLabel(k),
        before: show(k, b[k], currency, named),
        after: show(k, a[k], currency, named),
      })),
    ];
  }));
}
