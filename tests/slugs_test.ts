// Addresses made from names: Vietnamese is transliterated, scripts with no Latin form get a
// readable placeholder (never a bare "page" that every such name would share).
import assert from "node:assert/strict";
import { SLUG_RE, slugify } from "../lib/pages/slugs.ts";
import { isPlaceholderSlug } from "../islands/editor/slug.ts";

Deno.test("slugify: Vietnamese drops its diacritics and đ/Đ becomes d", () => {
  assert.equal(slugify("Trang đích Đà Nẵng"), "trang-dich-da-nang");
  assert.equal(slugify("Cà phê sữa đá Sài Gòn"), "ca-phe-sua-da-sai-gon");
  assert.equal(slugify("ĐẶC SẢN Huế"), "dac-san-hue");
  // Precomposed and decomposed input give the same address.
  assert.equal(slugify("Nẵng".normalize("NFD")), slugify("Nẵng".normalize("NFC")));
  assert.equal(slugify("Café ﬁne"), "cafe-fine");
});

Deno.test("slugify: a Thai-only name gets page-<short id>, a valid and distinct address", () => {
  const a = slugify("หน้าแรกของฉัน");
  const b = slugify("ร้านกาแฟ");
  for (const slug of [a, b]) {
    assert.match(slug, /^page-[0-9a-z]{6}$/);
    assert.ok(SLUG_RE.test(slug));
  }
  assert.notEqual(a, b);
  // Latin parts of a mixed name are kept.
  assert.equal(slugify("Bangkok ร้านกาแฟ 2026"), "bangkok-2026");
});

Deno.test("the editor asks for a real address only where the placeholder was made up", () => {
  const thai = "หน้าแรกของฉัน";
  assert.ok(isPlaceholderSlug(slugify(thai), thai));
  // A Latin name whose slug happens to look alike, or an edited address: no note.
  assert.ok(!isPlaceholderSlug("page-status", "Status"));
  assert.ok(!isPlaceholderSlug(slugify("Bangkok ร้านกาแฟ"), "Bangkok ร้านกาแฟ"));
  assert.ok(!isPlaceholderSlug("my-thai-cafe", thai));
});
