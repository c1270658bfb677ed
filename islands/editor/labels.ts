// The editor's words for block types, their settings fields and select choices, in the page's
// language. They are keyed by the blocks/ file's type and field key in lib/i18n/areas/editor.ts
// (rather than translated in each block file); a key the catalogue lacks falls back to the block
// file's English, so a new block or field shows its English label until it is translated
// (tests/i18n_editor_test.ts lists the missing ones).
import { type AreaTranslate, useAreaT } from "../../lib/i18n/area.ts";
import { editor } from "../../lib/i18n/areas/editor.ts";
import type { BlockType } from "../../lib/blocks.ts";
import { blockSpec } from "../../blocks/registry.ts";

export type EditorKey = keyof typeof editor.en & string;
export type EditorT = AreaTranslate<typeof editor.en>;

const known = (key: string): key is EditorKey => Object.hasOwn(editor.en, key);

/** The message `key` when the catalogue has it, else `fallback` (the block file's English). */
export const orEnglish = (t: EditorT, key: string, fallback: string) =>
  known(key) ? t(key) : fallback;

export interface Labels {
  t: EditorT;
  block: (type: BlockType) => string;
  /** A field's label; `path` is the field key, or "list.field" inside a list's items. */
  field: (type: BlockType, path: string, fallback: string) => string;
  /** The name of one item of a list field ("Question"). */
  item: (type: BlockType, list: string, fallback: string) => string;
  option: (value: string) => string;
}

export function labelsFor(t: EditorT): Labels {
  return {
    t,
    block: (type) => orEnglish(t, `editor.block.${type}`, blockSpec(type).label),
    field: (type, path, fallback) => orEnglish(t, `editor.field.${type}.${path}`, fallback),
    item: (type, list, fallback) => orEnglish(t, `editor.item.${type}.${list}`, fallback),
    option: (value) => orEnglish(t, `editor.option.${value}`, value),
  };
}

/** In a component: the editor's translator and label lookups for the page's language. */
export function useLabels(): Labels {
  return labelsFor(useAreaT(editor));
}
