// The audit log and the bell as people read them: money formatted, ids named, times shown.
import assert from "node:assert/strict";
import { auditChanges, idTargets } from "../lib/admin/audit-view.ts";
import type { AuditEntry } from "../lib/admin/index.ts";
import { ago, idTime } from "../islands/NotificationBell.tsx";
import { newId } from "../lib/kv/index.ts";

const entry = (before: unknown, after: unknown): AuditEntry => ({
  id: "a1",
  actorId: "admin1",
  action: "payout.paid",
  target: "payout:p1",
  before,
  after,
  at: "2026-11-29T10:00:00.000Z",
});

Deno.test("audit changes: minor units as money, ids as linked names, labels in words", () => {
  const e = entry(
    { status: "requested", sellerId: "u1" },
    { status: "paid", amount: 5000, sellerId: "u2", updatePending: false },
  );
  assert.deepEqual(idTargets([e]), ["user:u1", "user:u2"]);
  const named = new Map([["user:u2", { label: "Nina", href: "/admin/users/u2" }]]);
  const changes = auditChanges([e], named).get("a1")!;
  const by = Object.fromEntries(changes.map((c) => [c.field, c]));
  assert.equal(by["Amount"].after.text, "$50.00");
  assert.equal(by["Amount"].before.text, "–");
  assert.deepEqual(by["Seller id"].after, { text: "Nina", href: "/admin/users/u2" });
  assert.equal(by["Seller id"].before.text, "u1", "an unknown id stays as it is");
  assert.equal(by["Status"].after.text, "paid");
  assert.equal(by["Update pending"].after.text, "no");
  // A euro amount uses the entry's currency.
  const eur = auditChanges([entry(null, { price: 1250, currency: "eur" })], new Map()).get("a1")!;
  assert.equal(eur.find((c) => c.field === "Price")!.after.text, "€12.50");
});

Deno.test("the bell reads times from event ids and words them relative to now", () => {
  const at = Date.UTC(2026, 10, 29, 12, 0, 0);
  assert.equal(idTime(newId(at)), at);
  assert.equal(idTime("not-an-id"), null);
  const iso = new Date(at).toISOString();
  assert.equal(ago(iso, at + 10_000), "just now");
  assert.equal(ago(iso, at + 5 * 60_000), "5 min ago");
  assert.equal(ago(iso, at + 3 * 3600_000), "3 h ago");
  assert.equal(ago(iso, at + 2 * 86400_000), "2 d ago");
});
