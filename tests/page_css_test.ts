// The per-page cut of the app stylesheet (lib/assets/page-css.ts), on a small sheet shaped like
// Tailwind's output and on the real built sheet.
import assert from "node:assert/strict";
import postcss from "postcss";
import { classesInHtml, cutSheet, parseSheet, selectorClasses } from "../lib/assets/page-css.ts";

const SHEET = "@layer properties;@layer theme,base,utilities;" +
  "@layer theme{:root,:host{--color-a: red;--color-b: var(--color-c);--color-c: blue;--unused: 1px}}" +
  "@layer base{*,:after{box-sizing:border-box}html{color:var(--color-a)}}" +
  "@layer utilities{.p-4{padding:1rem}.md\\:p-8{@media(width>=48rem){padding:2rem}}" +
  ".text-b{color:var(--color-b)}.shadow{--tw-shadow: 0 0 1px;box-shadow:var(--tw-shadow)}" +
  ".group-hover\\:flex:is(:where(.group):hover *){display:flex}" +
  ".space-y-2>:not(:last-child,.skip){margin-top:.5rem}.\\32 xl\\:p-1{padding:1px}}" +
  "@media(width>=40rem){.sm\\:flex{display:flex}}" +
  '@property --tw-shadow{syntax:"*";inherits:false}@property --tw-ring{syntax:"*";inherits:false}' +
  "@keyframes spin{to{transform:rotate(360deg)}}";

Deno.test("page CSS: a page keeps the rules of its classes, the variables they read, nothing else", () => {
  const sheet = parseSheet(SHEET);
  assert.deepEqual(
    [...sheet.known].sort(),
    [
      "2xl:p-1",
      "group",
      "group-hover:flex",
      "md:p-8",
      "p-4",
      "shadow",
      "sm:flex",
      "space-y-2",
      "text-b",
    ],
  );
  const none = cutSheet(sheet, new Set());
  assert.match(none, /^@layer properties;@layer theme,base,utilities;/, "statements keep their ;");
  assert.match(none, /html\{color:var\(--color-a\)\}/, "element rules always stay");
  assert.match(none, /--color-a: red/);
  assert.doesNotMatch(none, /--unused|--color-b|\.p-4|@media|@property/);
  assert.match(none, /@keyframes spin/);

  const some = cutSheet(sheet, new Set(["text-b", "md:p-8", "shadow", "space-y-2", "2xl:p-1"]));
  assert.match(some, /\.text-b\{/);
  assert.match(some, /--color-b: var\(--color-c\)/, "a variable read by a kept rule");
  assert.match(some, /--color-c: blue/, "and the variable that variable reads");
  assert.match(some, /\.md\\:p-8\{@media\(width>=48rem\)\{padding:2rem\}\}/);
  assert.match(some, /@property --tw-shadow/);
  assert.doesNotMatch(some, /@property --tw-ring|\.p-4\{|sm\\:flex|@media\(width>=40rem\)/);
  assert.match(some, /\.space-y-2>:not\(:last-child,\.skip\)/, "classes inside :not() not needed");
  assert.match(some, /\.\\32 xl\\:p-1\{/, "escaped leading digit");
  assert.doesNotMatch(some, /group-hover/);
  assert.match(cutSheet(sheet, new Set(["group", "group-hover:flex"])), /group-hover\\:flex/);
  assert.doesNotMatch(cutSheet(sheet, new Set(["group-hover:flex"])), /group-hover/);
  assert.deepEqual(selectorClasses(".a\\/50.b:hover>.c"), ["a/50", "b", "c"]);
});

Deno.test("page CSS: cut with every class, the built sheet keeps every rule and at-rule", async () => {
  const manifest = JSON.parse(
    await Deno.readTextFile(new URL("../_build/manifest.json", import.meta.url)),
  );
  const css = await Deno.readTextFile(
    new URL(`../_build/static/${manifest.css.replace(/^\/_static\//, "")}`, import.meta.url),
  );
  const sheet = parseSheet(css);
  const shape = (text: string) => {
    const out: string[] = [];
    postcss.parse(text).walk((n) => {
      if (n.type === "rule") out.push(n.selector);
      if (n.type === "atrule") out.push(`@${n.name} ${n.params}`);
    });
    return out;
  };
  const cut = shape(cutSheet(sheet, sheet.known));
  const property = (s: string) => s.startsWith("@property ");
  assert.deepEqual(cut.filter((s) => !property(s)), shape(css).filter((s) => !property(s)));
  // @property only matters where a rule reads the variable; the rest are dropped.
  for (const dropped of shape(css).filter((s) => property(s) && !cut.includes(s))) {
    const name = dropped.slice("@property ".length);
    assert.ok(!css.includes(`var(${name}`), `${name} is read somewhere, yet dropped`);
  }
});

Deno.test("page CSS: classes are read from the HTML as the browser reads them (entities decoded)", () => {
  const known = new Set(["[&::-webkit-details-marker]:hidden", "a", "b"]);
  const html = '<summary class="a [&amp;::-webkit-details-marker]:hidden">x</summary><p class="b">';
  assert.deepEqual(
    [...classesInHtml(html, known, new Set())].sort(),
    ["[&::-webkit-details-marker]:hidden", "a", "b"],
  );
});
