// The editor's accessibility and SEO check (lib/a11y/audit.ts): each finding, and none on the
// starters as they come.
import assert from "node:assert/strict";
import { auditPage, contrastRatio } from "../lib/a11y/audit.ts";
import { type Content, contentSchema } from "../lib/blocks.ts";
import { localGenerate, starterContent, STARTERS } from "../lib/pages/starters.ts";

const page = (blocks: unknown[], theme: Record<string, string> = {}) =>
  contentSchema.parse({ theme, blocks }) as Content;
const seo = { title: "T", description: "About this page" };
const kinds = (content: Content, s = seo) => auditPage(content, s).map((f) => f.kind);

Deno.test("contrast ratio follows WCAG: black on white is 21:1, indigo-600 on white 6.29:1", () => {
  assert.equal(contrastRatio("#000000", "#ffffff").toFixed(0), "21");
  assert.equal(contrastRatio("#4f46e5", "#ffffff").toFixed(2), "6.29");
  assert.equal(contrastRatio("#ffffff", "#4f46e5"), contrastRatio("#4f46e5", "#ffffff"));
});

Deno.test("every starter with content passes the check as it comes", () => {
  for (const s of STARTERS.filter((s) => s.id !== "blank")) {
    assert.deepEqual(auditPage(starterContent(s.id), { title: s.name, description: "" }), [], s.id);
  }
});

Deno.test("theme colours under AA: text, button text and links are each reported", () => {
  const light = page([{ id: "h", type: "hero", props: { headline: "Hi" } }], {
    primaryColor: "#7dd3fc",
    textColor: "#9ca3af",
    backgroundColor: "#ffffff",
  });
  const found = auditPage(light, seo).filter((f) => f.kind === "contrast");
  assert.equal(found.length, 3);
  assert.ok(found.every((f) => f.blockId === null));
  assert.match(found[0].message, /Text colour .* 2\.\d\d:1; WCAG AA needs 4\.5:1/);
});

Deno.test("image without alt text, and gallery images, point at their block", () => {
  const content = page([
    { id: "h", type: "hero", props: { headline: "Hi" } },
    { id: "img", type: "image", props: { src: "https://example.com/a.png", alt: " " } },
    { id: "ok", type: "image", props: { src: "https://example.com/b.png", alt: "A chart" } },
    {
      id: "g",
      type: "gallery",
      props: { images: [{ src: "https://example.com/c.png", alt: "" }] },
    },
  ]);
  const found = auditPage(content, seo);
  assert.deepEqual(found.map((f) => [f.kind, f.blockId]), [["alt", "img"], ["alt", "g"]]);
});

Deno.test("missing description: reported unless the hero's subheadline stands in", () => {
  const noSub = page([{ id: "h", type: "hero", props: { headline: "Hi", subheadline: "" } }]);
  assert.deepEqual(kinds(noSub, { title: "T", description: "" }), ["description"]);
  assert.deepEqual(kinds(noSub), []);
  const withSub = page([{ id: "h", type: "hero", props: { headline: "Hi", subheadline: "Sub" } }]);
  assert.deepEqual(kinds(withSub, { title: "T", description: "" }), []);
});

Deno.test("headings: a skipped level, a second h1 and no main heading", () => {
  const skipped = page([
    { id: "h", type: "hero", props: { headline: "Hi" } },
    { id: "x", type: "html", props: { html: "<h4>Deep</h4>" } },
  ]);
  assert.deepEqual(auditPage(skipped, seo).map((f) => [f.kind, f.blockId]), [["heading", "x"]]);
  assert.match(auditPage(skipped, seo)[0].message, /h1 is followed by h4/);
  const two = page([
    { id: "a", type: "hero", props: { headline: "One" } },
    { id: "b", type: "hero", props: { headline: "Two" } },
  ]);
  assert.deepEqual(auditPage(two, seo).map((f) => [f.kind, f.blockId]), [["heading", "b"]]);
  const none = page([{ id: "f", type: "faq", props: { items: [] } }]);
  assert.deepEqual(auditPage(none, seo).map((f) => [f.kind, f.blockId]), [["heading", null]]);
});

Deno.test("links with no text: empty footer labels and icon-only links in custom HTML", () => {
  const content = page([
    { id: "h", type: "hero", props: { headline: "Hi" } },
    {
      id: "x",
      type: "html",
      props: {
        html: '<a href="/a"><img src="i.png"></a><a href="/b" aria-label="Home"></a>' +
          '<a href="/c"><img src="i.png" alt="Docs"></a><a href="/d">Text</a>',
      },
    },
  ]);
  const found = auditPage(content, seo);
  assert.deepEqual(found.map((f) => f.kind).sort(), ["alt", "link"]);
  assert.ok(found.every((f) => f.blockId === "x"));
});

Deno.test("pages the generator makes pass the check", () => {
  for (
    const description of [
      "An invoicing tool for freelancers with pricing",
      "A weekend design workshop in Hanoi",
      "A newsletter about climate tech",
      "Handmade ceramic mugs",
      "A branding agency",
      "Something",
    ]
  ) {
    const { content, name } = localGenerate(description);
    assert.deepEqual(auditPage(content, { title: name, description: "" }), [], description);
  }
});
