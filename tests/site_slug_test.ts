// siteSlug: which Host is a published site's, remembered per Host without letting a client make
// the server hold what it sends.
import assert from "node:assert/strict";
import { rememberedHostChars, siteSlug } from "../routes/sites/index.ts";

Deno.test("siteSlug: site hosts, other hosts, case, and a domain change", () => {
  assert.equal(siteSlug("rocket.sites.test", "sites.test"), "rocket");
  assert.equal(siteSlug("Rocket.SITES.test", "sites.test"), "rocket");
  assert.equal(siteSlug("sites.test", "sites.test"), null);
  assert.equal(siteSlug("a.b.sites.test", "sites.test"), null);
  assert.equal(siteSlug("app.example", "sites.test"), null);
  assert.equal(siteSlug(null, "sites.test"), null);
  // The same Host under another sites domain is asked afresh, not answered from memory.
  assert.equal(siteSlug("rocket.sites.test", "other.test"), null);
  assert.equal(siteSlug("rocket.other.test", "other.test"), "rocket");
});

Deno.test("siteSlug: a client's long or endless Host headers are not remembered", () => {
  const before = rememberedHostChars();
  // 60 kB hosts (Deno accepts Host headers that long): answered, never kept.
  for (let i = 0; i < 200; i++) {
    const host = `${"x".repeat(60_000)}${i}.sites.test`;
    assert.equal(siteSlug(host, "sites.test"), null);
  }
  assert.ok(rememberedHostChars() - before < 1000, `${rememberedHostChars() - before} chars kept`);
  // Endless distinct short hosts: the memory stays bounded (10,000 hosts of ≤ 253 characters).
  for (let i = 0; i < 25_000; i++) siteSlug(`s${i}.sites.test`, "sites.test");
  assert.ok(rememberedHostChars() <= 10_000 * 253);
  assert.equal(siteSlug("s24999.sites.test", "sites.test"), "s24999");
});
