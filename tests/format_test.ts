import assert from "node:assert/strict";
import { formatDate, formatMoney, minorPerMajor, toMajorUnits } from "../lib/format.ts";

Deno.test("money in minor units per currency; vnd has none", () => {
  assert.equal(formatMoney(4900, "usd"), "$49.00");
  assert.equal(formatMoney(4950, "EUR"), "€49.50");
  assert.equal(formatMoney(100, "gbp"), "£1.00");
  assert.equal(formatMoney(150000, "thb"), "THB\u00a01,500.00");
  assert.equal(formatMoney(50000, "vnd"), "₫50,000");
  assert.equal(minorPerMajor("vnd"), 1);
  assert.equal(toMajorUnits(4900, "usd"), 49);
  assert.equal(formatDate("2026-11-29T23:59:00Z"), "Nov 29, 2026");
});
