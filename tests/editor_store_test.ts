// The editor's document store without a browser: undo/redo, autosave, what a save answer may
// change, version conflicts, field errors, and what counts as unsaved when leaving.
import assert from "node:assert/strict";
import { type Doc, type EditorPage, type Result } from "../islands/editor/api.ts";
import { AUTOSAVE_MS, createStore } from "../islands/editor/store.ts";
import { SLUG_PATTERN } from "../islands/editor/slug.ts";
import { contentSchema } from "../lib/blocks.ts";

const page = (over: Partial<EditorPage> = {}): EditorPage => ({
  id: "P1",
  name: "Nina's widgets",
  slug: "nina-widgets",
  status: "draft",
  url: null,
  version: 1,
  content: contentSchema.parse({
    blocks: [{ id: "h", type: "hero", props: { headline: "Hello" } }],
  }),
  seo: { title: "", description: "", image: "" },
  ...over,
});

type Answer = Result<{ page: EditorPage }>;

/** An API whose saves wait until the test answers them, and timers the test fires. */
function harness(start = page()) {
  const saves: { doc: Doc; version: number; answer: (a: Answer) => void }[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  let clock = 0;
  const store = createStore(start, {
    api: {
      save: (_id, doc, version) =>
        new Promise<Answer>((answer) => saves.push({ doc, version, answer })),
      publish: () => Promise.reject(new Error("not in these tests")),
      restore: () => Promise.reject(new Error("not in these tests")),
    },
    setTimer: (fn) => (timers.set(++next, fn), next),
    clearTimer: (h) => timers.delete(h as number),
    now: () => clock,
  });
  return {
    store,
    saves,
    timers,
    tick: (ms: number) => (clock += ms),
    /** Fire the pending autosave timer (there must be exactly one). */
    fire() {
      assert.equal(timers.size, 1, "one autosave is scheduled");
      const [[id, fn]] = [...timers];
      timers.delete(id);
      fn();
    },
  };
}

const saved = (doc: Doc, version: number, over: Partial<EditorPage> = {}): Answer => ({
  ok: true,
  data: { page: { ...page(), ...doc, version, ...over } },
});
const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("store: one autosave after the last change; edits with one key within a second are one undo step", async () => {
  const h = harness();
  const { store } = h;
  store.change({ ...store.doc.value, name: "N" }, "name");
  h.tick(300);
  store.change({ ...store.doc.value, name: "Ni" }, "name");
  assert.equal(store.state.value, "dirty");
  assert.equal(h.timers.size, 1, "the earlier timer was replaced");
  assert.equal(store.past.value.length, 1);
  h.fire();
  await settle();
  assert.equal(h.saves.length, 1);
  assert.equal(h.saves[0].doc.name, "Ni");
  assert.equal(h.saves[0].version, 1);
  h.saves[0].answer(saved(h.saves[0].doc, 2));
  await settle();
  assert.equal(store.state.value, "saved");
  assert.equal(store.version.value, 2);

  store.undo();
  assert.equal(store.doc.value.name, "Nina's widgets");
  assert.equal(store.state.value, "dirty");
  store.redo();
  assert.equal(store.doc.value.name, "Ni");
  store.dispose();
});

Deno.test("store: a save that lands while another field is edited never overwrites it", async () => {
  const h = harness();
  const { store } = h;
  store.change({ ...store.doc.value, name: "Nina's Widgets Ltd" }, "name");
  h.fire();
  await settle();
  assert.equal(store.state.value, "saving");
  // The slug is typed while the name's save is out; the server answers with the old slug.
  store.change({ ...store.doc.value, slug: "nina-widgets-0" }, "slug");
  h.saves[0].answer(saved(h.saves[0].doc, 2, { slug: "nina-widgets" }));
  await settle();
  assert.equal(store.doc.value.slug, "nina-widgets-0", "the answer left the document alone");
  assert.equal(store.doc.value.name, "Nina's Widgets Ltd");
  assert.equal(store.state.value, "dirty", "the slug still has to be saved");
  h.fire();
  await settle();
  assert.equal(h.saves[1].doc.slug, "nina-widgets-0");
  assert.equal(h.saves[1].version, 2, "sent against the version the first save made");
  store.dispose();
});

Deno.test("store: a refused slug is an error at that field, cleared when the slug is edited", async () => {
  const h = harness();
  const { store } = h;
  store.change({ ...store.doc.value, slug: "taken-one" }, "slug");
  h.fire();
  await settle();
  h.saves[0].answer({
    ok: false,
    status: 409,
    error: {
      code: "slug_taken",
      message: "This address is already taken",
      fields: { slug: "Choose another address" },
    },
  });
  await settle();
  assert.equal(store.state.value, "error");
  assert.deepEqual(store.fieldErrors.value, { slug: "Choose another address" });
  assert.equal(store.doc.value.slug, "taken-one", "what was typed stays");
  store.change({ ...store.doc.value, slug: "free-one" }, "slug");
  assert.deepEqual(store.fieldErrors.value, {});
  store.dispose();
});

Deno.test("store: a version conflict keeps my edits until I choose; loading the latest clears undo", async () => {
  const h = harness();
  const { store } = h;
  store.change({ ...store.doc.value, name: "Mine" }, "name");
  h.fire();
  await settle();
  const theirs = page({ name: "Theirs", version: 5 });
  h.saves[0].answer({
    ok: false,
    status: 409,
    error: { code: "version_conflict", message: "Changed elsewhere" },
    page: theirs,
  });
  await settle();
  assert.equal(store.state.value, "conflict");
  assert.equal(store.doc.value.name, "Mine");
  store.change({ ...store.doc.value, name: "Mine 2" }, "other");
  assert.equal(store.state.value, "conflict", "editing does not hide the conflict");
  assert.equal(h.timers.size, 0, "nothing is saved over their version meanwhile");

  store.resolveConflict(true);
  await settle();
  assert.equal(h.saves[1].doc.name, "Mine 2");
  assert.equal(h.saves[1].version, 5, "replacing theirs is checked against their version");
  h.saves[1].answer(saved(h.saves[1].doc, 6));
  await settle();
  assert.equal(store.state.value, "saved");

  store.load(theirs);
  assert.equal(store.doc.value.name, "Theirs");
  assert.equal(store.past.value.length, 0, "undo would write old content over the newer one");
  store.dispose();
});

Deno.test("store: text typed on the canvas and not yet committed counts as unsaved", () => {
  const h = harness();
  const { store } = h;
  assert.equal(store.hasUnsaved.value, false);
  store.setTyping(true);
  assert.equal(store.hasUnsaved.value, true);
  store.setTyping(false);
  assert.equal(store.hasUnsaved.value, false);
  store.dispose();
});

Deno.test("store: block operations are undoable steps", () => {
  const h = harness();
  const { store } = h;
  store.insertBlock(
    { id: "f", type: "footer", props: { text: "©", links: [] } },
    "h",
  );
  const copy = store.duplicateBlock("h")!;
  assert.deepEqual(store.doc.value.content.blocks.map((b) => b.id), ["h", copy, "f"]);
  store.moveBlock("f", 0);
  assert.deepEqual(store.doc.value.content.blocks.map((b) => b.id), ["f", "h", copy]);
  assert.equal(store.removeBlock("h"), copy, "the next block is selected");
  store.setProps(copy, { headline: "Copy" }, `${copy}.headline`);
  store.undo();
  store.undo();
  assert.deepEqual(store.doc.value.content.blocks.map((b) => b.id), ["f", "h", copy]);
  assert.ok(AUTOSAVE_MS > 0);
  store.dispose();
});

Deno.test("slug field: its pattern compiles under the v flag browsers use, and means the server's rule", () => {
  const re = new RegExp(`^(?:${SLUG_PATTERN})$`, "v");
  for (const ok of ["abc", "nina-widgets-0", "a1-b2"]) assert.ok(re.test(ok), ok);
  for (const bad of ["ab", "-abc", "abc-", "ABC", "a_b", "a".repeat(64)]) {
    assert.ok(!re.test(bad), bad);
  }
  // The pattern it replaces: a literal "-" at the end of a class is a syntax error under v.
  assert.throws(() => new RegExp("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", "v"), SyntaxError);
});
