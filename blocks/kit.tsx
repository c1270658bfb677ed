// What every block file uses: the settings-field model, the block definition shape, shared zod
// validators, and the inline-editing hook. Imported by the server and by islands alike, so it
// holds only bare specifiers and nothing node-only.
import { createContext, type VNode } from "preact";
import { useContext } from "preact/hooks";
// zod/mini: its functions tree-shake, so the editor bundle carries only what the blocks use
// (classic zod would add about 95 KB gzip). Its schemas compose with classic ones.
import * as z from "zod/mini";

export type Field =
  & (
    | { key: string; label: string; kind: "text" | "textarea" | "url" | "image" | "date" | "color" }
    | { key: string; label: string; kind: "checkbox" }
    | { key: string; label: string; kind: "number"; min: number; max: number }
    | { key: string; label: string; kind: "select"; options: string[] }
    | { key: string; label: string; kind: "lines" }
    | {
      key: string;
      label: string;
      kind: "list";
      item: Field[];
      itemLabel: string;
      /** A new item's values. */
      blank: Record<string, unknown> | ((ctx: DefaultsContext) => Record<string, unknown>);
    }
  )
  & {
    /** Edited where it is shown on the canvas (plain text), as well as in the settings panel. */
    inline?: boolean;
  };

/** Where the editor runs: new blocks point at files the app serves (the image placeholder). */
export interface DefaultsContext {
  /** The app's origin, e.g. https://app.example.com */
  origin: string;
}

export type Category = "basics" | "content" | "media" | "conversion";

export interface BlockDef<T extends string, S extends z.ZodMiniObject> {
  type: T;
  label: string;
  icon: string;
  category: Category;
  schema: S;
  /** Props of a new block in the editor. */
  defaults: (ctx: DefaultsContext) => z.input<S>;
  fields: Field[];
  /** The one render: published site, preview and editor canvas. */
  Render: (p: { id: string; props: z.infer<S> }) => VNode | null;
  /** Its rules in the site stylesheet (after the shared rules of blocks/theme.ts). */
  css: string;
}

export const defineBlock = <const T extends string, S extends z.ZodMiniObject>(
  def: BlockDef<T, S>,
): BlockDef<T, S> => def;

export const text = (max = 500) => z.string().check(z.maxLength(max));
/** A schema with a default (what classic zod writes `.default(v)`). */
export const or = <S extends z.core.SomeType>(
  schema: S,
  value: z.core.util.NoUndefined<z.core.output<S>>,
) => z._default(schema, value);
export const list = <S extends z.core.SomeType>(item: S, max: number) =>
  z.array(item).check(z.maxLength(max));
export const href = z.string().check(
  z.maxLength(2000),
  z.refine(
    (v) => v === "" || /^(https?:\/\/|mailto:|tel:|#|\/)/i.test(v),
    "Links must be http(s), mailto:, tel:, #anchor or /path",
  ),
);
export const imageUrl = z.string().check(
  z.maxLength(2000),
  z.refine(
    (v) => v === "" || /^(https?:\/\/|\/uploads\/)/i.test(v),
    "Images must be an http(s) URL or an upload",
  ),
);

/** The image of a new Image or Gallery block: a file in static/, served by the app itself. */
export const placeholderImage = (ctx: DefaultsContext) => `${ctx.origin}/placeholder.svg`;

/** Provided by the editor canvas around each block; absent on published pages. */
export interface EditApi {
  /** Whether the field is declared `inline` in the block's fields. */
  inline: (field: string) => boolean;
  /** A finished in-place edit. */
  onText: (field: string, value: string) => void;
  /** Typing started or ended in an in-place field (its text is not in the document yet). */
  onTyping: (typing: boolean) => void;
  /** The empty field's placeholder in the editor's language (the block's English otherwise). */
  placeholder?: (field: string, english: string) => string;
}
export const EditContext = createContext<EditApi | null>(null);
export const useEdit = () => useContext(EditContext);

/**
 * Text that the editor lets the user edit where it is shown (when its field is `inline`). Plain
 * text only: what is typed is never parsed as HTML. On a published page an empty value renders
 * nothing; on the canvas it shows a placeholder so it can still be found and clicked.
 */
export function Inline(
  p: { as: "h1" | "h2" | "p"; field: string; value: string; class?: string; placeholder: string },
) {
  const edit = useEdit();
  const Tag = p.as;
  if (!edit || !edit.inline(p.field)) return p.value ? <Tag class={p.class}>{p.value}</Tag> : null;
  const Edit = p.as as "p"; // one element type for the handlers' event types
  // The browser rewrites the element's children while it is edited; a new value gets a new
  // element, so what is shown never depends on what the editing left behind.
  return (
    <Edit
      key={p.value}
      class={p.class}
      contentEditable
      data-field={p.field}
      data-placeholder={edit.placeholder?.(p.field, p.placeholder) ?? p.placeholder}
      onInput={() => edit.onTyping(true)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && p.as !== "p") {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
      onPaste={(e) => {
        e.preventDefault();
        document.execCommand("insertText", false, e.clipboardData?.getData("text/plain") ?? "");
      }}
      onBlur={(e) => {
        const el = e.currentTarget;
        const typed = el.innerText.trim();
        edit.onTyping(false);
        if (typed !== p.value) edit.onText(p.field, typed);
        else if (el.textContent !== p.value) el.textContent = p.value; // only spaces were typed
      }}
    >
      {p.value}
    </Edit>
  );
}
