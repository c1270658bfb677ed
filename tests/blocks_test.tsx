// The block registry: every block type is one file whose parts agree with each other, and what
// is derived from them (content schema, site CSS, generator JSON schema) covers every type.
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import {
  BLOCK_DEFS,
  BLOCK_TYPES,
  type BlockOf,
  BlockView,
  contentSchema,
  generatorJsonSchema,
  newBlock,
  SITE_CSS,
} from "../blocks/registry.ts";
import { type EditApi, EditContext } from "../blocks/kit.tsx";

const ctx = { origin: "https://app.example" };

Deno.test("blocks: each type's defaults are valid, its fields are its props, inline fields are text", () => {
  for (const type of BLOCK_TYPES) {
    const def = BLOCK_DEFS[type];
    assert.equal(def.type, type, `${type}: registered under its own type`);
    const block = newBlock(type, ctx);
    assert.ok(contentSchema.safeParse({ blocks: [block] }).success, `${type}: defaults valid`);
    const props = Object.keys(def.schema.shape);
    for (const f of def.fields) {
      assert.ok(props.includes(f.key), `${type}.${f.key} is a prop`);
      if (f.inline) assert.ok(["text", "textarea"].includes(f.kind), `${type}.${f.key} inline`);
    }
    assert.ok(def.css.length > 0 && SITE_CSS.includes(def.css), `${type}: styles in SITE_CSS`);
  }
});

Deno.test("blocks: new images point at the app's own placeholder", () => {
  const image = newBlock("image", ctx) as BlockOf<"image">;
  assert.equal(image.props.src, "https://app.example/placeholder.svg");
  const gallery = newBlock("gallery", ctx) as BlockOf<"gallery">;
  assert.ok(gallery.props.images.every((i) => i.src === "https://app.example/placeholder.svg"));
  assert.ok(Deno.statSync(new URL("../static/placeholder.svg", import.meta.url)).isFile);
});

Deno.test("blocks: one render; on the canvas only the fields declared inline become editable", () => {
  const block = newBlock("hero", ctx);
  const site = renderToString(<BlockView block={block} />);
  assert.doesNotMatch(site, /contenteditable/);
  const edit: EditApi = { inline: (f) => f === "headline", onText: () => {}, onTyping: () => {} };
  const canvas = renderToString(
    <EditContext.Provider value={edit}>
      <BlockView block={block} />
    </EditContext.Provider>,
  );
  assert.match(canvas, /<h1 contenteditable data-field="headline"/);
  assert.doesNotMatch(canvas, /data-field="subheadline"/);
  // Apart from the editing attributes, the canvas shows the same markup as the site.
  assert.equal(
    canvas.replace(/ contenteditable data-field="\w+" data-placeholder="\w+"/g, ""),
    site,
  );
});

interface JsonNode {
  const?: string;
  maxLength?: number;
  properties: Record<string, JsonNode>;
}

Deno.test("generator JSON schema is derived from the blocks' zod schemas", () => {
  const schema = generatorJsonSchema() as {
    properties: { blocks: { items: { anyOf: JsonNode[] } } };
  };
  const variants = schema.properties.blocks.items.anyOf;
  const byType = new Map(variants.map((v) => [v.properties.type.const, v.properties.props]));
  for (const [type, props] of byType) {
    assert.deepEqual(
      Object.keys(props.properties).sort(),
      Object.keys(BLOCK_DEFS[type as keyof typeof BLOCK_DEFS].schema.shape).sort(),
      String(type),
    );
  }
  assert.ok(byType.has("hero") && byType.has("form") && !byType.has("html"));
  assert.equal(byType.get("hero")!.properties.headline.maxLength, 200, "limits come along");
});
