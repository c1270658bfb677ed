// The settings panel of the selected block: its fields (from its blocks/ file) as inputs.
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { Block, BlockType } from "../../../lib/blocks.ts";
import { blockSpec } from "../../../blocks/registry.ts";
import type { Field } from "../../../blocks/kit.tsx";
import { isoToLocalInput, localInputToIso, parseLines } from "../values.ts";
import { uploadImage } from "../api.ts";
import { useLabels } from "../labels.ts";

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function BlockPanel(
  p: { block: Block; onChange: (patch: Record<string, unknown>, key: string) => void },
) {
  const l = useLabels();
  const spec = blockSpec(p.block.type);
  const values = p.block.props as Record<string, unknown>;
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">{l.block(p.block.type)}</h2>
      <Fields
        type={p.block.type}
        scope=""
        fields={spec.fields}
        values={values}
        keyPrefix={p.block.id}
        onChange={(key, value) => p.onChange({ [key]: value }, `${p.block.id}.${key}`)}
      />
    </div>
  );
}

function Fields(p: {
  type: BlockType;
  /** The list field these fields are the items of ("" at the block's top level). */
  scope: string;
  fields: Field[];
  values: Record<string, unknown>;
  keyPrefix: string;
  onChange: (key: string, value: unknown) => void;
}) {
  return (
    <div class="space-y-3">
      {p.fields.map((f) => (
        <FieldInput
          key={f.key}
          type={p.type}
          path={p.scope ? `${p.scope}.${f.key}` : f.key}
          field={f}
          value={p.values[f.key]}
          id={`${p.keyPrefix}-${f.key}`}
          onChange={(v) => p.onChange(f.key, v)}
        />
      ))}
    </div>
  );
}

function FieldInput(
  p: {
    type: BlockType;
    /** The field's key, "list.key" inside a list's items (its catalogue key). */
    path: string;
    field: Field;
    value: unknown;
    id: string;
    onChange: (v: unknown) => void;
  },
) {
  const l = useLabels();
  const f = p.field;
  const label = l.field(p.type, p.path, f.label);
  const text = (p.value ?? "") as string;
  if (f.kind === "checkbox") {
    return (
      <label class="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={!!p.value}
          onChange={(e) => p.onChange((e.target as HTMLInputElement).checked)}
        />
        {label}
      </label>
    );
  }
  if (f.kind === "list") {
    return (
      <ListInput
        type={p.type}
        label={label}
        field={f}
        value={(p.value ?? []) as Record<string, unknown>[]}
        id={p.id}
        onChange={p.onChange}
      />
    );
  }
  let input;
  if (f.kind === "textarea") {
    input = (
      <textarea
        id={p.id}
        class="input"
        rows={4}
        value={text}
        onInput={(e) => p.onChange((e.target as HTMLTextAreaElement).value)}
      />
    );
  } else if (f.kind === "lines") {
    input = <LinesInput id={p.id} value={(p.value ?? []) as string[]} onChange={p.onChange} />;
  } else if (f.kind === "select") {
    input = (
      <select
        id={p.id}
        class="input"
        value={text}
        onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}
      >
        {f.options.map((o) => <option key={o} value={o}>{l.option(o)}</option>)}
      </select>
    );
  } else if (f.kind === "number") {
    input = (
      <input
        id={p.id}
        class="input"
        type="number"
        min={f.min}
        max={f.max}
        value={p.value as number}
        onInput={(e) => {
          const n = (e.target as HTMLInputElement).valueAsNumber; // NaN while empty
          if (Number.isInteger(n) && n >= f.min && n <= f.max) p.onChange(n);
        }}
      />
    );
  } else if (f.kind === "date") {
    input = <DateInput id={p.id} value={text} onChange={p.onChange} />;
  } else if (f.kind === "image") {
    input = <ImageInput id={p.id} value={text} onChange={p.onChange} />;
  } else {
    input = (
      <input
        id={p.id}
        class="input"
        type="text"
        value={text}
        onInput={(e) => p.onChange((e.target as HTMLInputElement).value)}
      />
    );
  }
  return (
    <div>
      <label class="label" for={p.id}>{label}</label>
      {input}
    </div>
  );
}

function ListInput(
  p: {
    type: BlockType;
    label: string;
    field: Extract<Field, { kind: "list" }>;
    value: Record<string, unknown>[];
    id: string;
    onChange: (v: unknown) => void;
  },
) {
  const l = useLabels();
  const t = l.t;
  const itemLabel = l.item(p.type, p.field.key, p.field.itemLabel);
  const items = p.value;
  const set = (i: number, item: Record<string, unknown>) =>
    p.onChange(items.map((x, j) => (j === i ? item : x)));
  return (
    <fieldset class="space-y-2">
      <legend class="label">{p.label}</legend>
      {items.map((item, i) => (
        <details key={i} class="rounded-lg border border-slate-200 p-2" open={items.length <= 2}>
          <summary class="cursor-pointer text-sm font-medium">
            {String(
              item.title ?? item.name ?? item.label ?? item.question ?? item.author ??
                t("editor.list.itemN", { item: itemLabel, n: i + 1 }),
            )}
          </summary>
          <div class="mt-2 space-y-2">
            <Fields
              type={p.type}
              scope={p.field.key}
              fields={p.field.item}
              values={item}
              keyPrefix={`${p.id}-${i}`}
              onChange={(k, v) =>
                set(i, { ...item, [k]: v })}
            />
            <div class="flex gap-2 text-xs">
              <button
                type="button"
                class="text-slate-600 underline"
                disabled={i === 0}
                onClick={() => {
                  const next = [...items];
                  [next[i - 1], next[i]] = [next[i], next[i - 1]];
                  p.onChange(next);
                }}
              >
                {t("editor.list.moveUp")}
              </button>
              <button
                type="button"
                class="text-red-600 underline"
                onClick={() =>
                  p.onChange(items.filter((_, j) =>
                    j !== i
                  ))}
              >
                {t("editor.list.remove")}
              </button>
            </div>
          </div>
        </details>
      ))}
      <button
        type="button"
        class="btn btn-secondary w-full !py-1 text-sm"
        onClick={() => {
          const blank = p.field.blank;
          p.onChange([
            ...items,
            typeof blank === "function" ? blank({ origin: location.origin }) : { ...blank },
          ]);
        }}
      >
        {t("editor.list.add", { item: itemLabel.toLocaleLowerCase() })}
      </button>
    </fieldset>
  );
}

/**
 * A list edited as lines of text. What is typed is kept as typed (new lines, spaces) while the
 * list it stands for is saved as it changes; the text is tidied when the field is left.
 */
function LinesInput(p: { id: string; value: string[]; onChange: (v: string[]) => void }) {
  const typed = useRef<string | null>(null);
  const shown = typed.current !== null && same(parseLines(typed.current), p.value)
    ? typed.current
    : p.value.join("\n");
  return (
    <textarea
      id={p.id}
      class="input"
      rows={Math.min(8, Math.max(3, p.value.length + 1))}
      value={shown}
      onInput={(e) => {
        typed.current = (e.target as HTMLTextAreaElement).value;
        const lines = parseLines(typed.current);
        if (!same(lines, p.value)) p.onChange(lines);
      }}
      onBlur={(e) => {
        typed.current = null;
        (e.target as HTMLTextAreaElement).value = p.value.join("\n");
      }}
    />
  );
}

/**
 * The countdown's end: stored as an ISO instant, edited as local date and time. While the field
 * is being edited it shows what is typed, and only a complete date (a four-digit year) is saved,
 * so typing a date digit by digit never saves the years 0002, 0020 and 0202 on the way.
 */
function DateInput(p: { id: string; value: string; onChange: (v: string) => void }) {
  const typed = useSignal<string | null>(null);
  return (
    <input
      id={p.id}
      class="input"
      type="datetime-local"
      value={typed.value ?? isoToLocalInput(p.value)}
      onFocus={() => (typed.value = isoToLocalInput(p.value))}
      onInput={(e) => {
        typed.value = (e.target as HTMLInputElement).value;
        const iso = localInputToIso(typed.value);
        if (iso && iso !== p.value) p.onChange(iso);
      }}
      onBlur={() => (typed.value = null)}
    />
  );
}

export function ImageInput(p: { id: string; value: string; onChange: (v: string) => void }) {
  const { t } = useLabels();
  const error = useSignal("");
  const busy = useSignal(false);
  return (
    <div class="space-y-1">
      <input
        id={p.id}
        class="input"
        type="url"
        value={p.value}
        placeholder={t("editor.image.placeholder")}
        onInput={(e) => p.onChange((e.target as HTMLInputElement).value)}
      />
      <input
        type="file"
        aria-label={t("editor.image.upload")}
        accept="image/png,image/jpeg,image/gif,image/webp"
        class="text-xs"
        disabled={busy.value}
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return;
          busy.value = true;
          error.value = "";
          const res = await uploadImage(file, t("editor.msg.uploadFailed"));
          busy.value = false;
          if ("url" in res) p.onChange(res.url);
          else error.value = res.error;
        }}
      />
      {busy.value && <p class="text-xs text-slate-500">{t("editor.image.uploading")}</p>}
      {error.value && <p class="text-xs text-red-600">{error.value}</p>}
    </div>
  );
}
