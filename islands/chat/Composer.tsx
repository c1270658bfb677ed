// The chat composer. For staff it also completes canned replies: typing `/` and a shortcut lists
// the matching replies (↑/↓ to choose, Tab or Enter to insert), and a "Private note" switch posts
// the message as a staff-only note.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";

interface Canned {
  id: string;
  shortcut: string;
  title: string;
  text: string;
}

export interface SendOptions {
  private: boolean;
  attachments: string[];
}

export function Composer(
  p: { asAdmin: boolean; canAttach: boolean; onSend: (text: string, opts: SendOptions) => void },
) {
  const t = useAreaT(chat);
  const draft = useSignal("");
  const images = useSignal<string[]>([]);
  const uploadError = useSignal("");
  const note = useSignal(false);
  const canned = useSignal<Canned[]>([]);
  const pick = useSignal(0);

  useEffect(() => {
    if (!p.asAdmin) return;
    fetch("/api/admin/canned-replies").then((r) => r.ok ? r.json() : { items: [] })
      .then((d) => (canned.value = d.items)).catch(() => {});
  }, [p.asAdmin]);

  // Completion while the draft is a single `/word`.
  const query = /^\/([\w-]*)$/.exec(draft.value)?.[1]?.toLowerCase();
  const matches = query === undefined
    ? []
    : canned.value.filter((c) => c.shortcut.startsWith(query)).slice(0, 6);

  const insert = (c: Canned) => {
    draft.value = c.text;
    pick.value = 0;
  };

  function onKeyDown(e: KeyboardEvent) {
    if (!matches.length) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      pick.value = (pick.value + step + matches.length) % matches.length;
    } else if (e.key === "Tab" || e.key === "Enter") {
      e.preventDefault();
      insert(matches[Math.min(pick.value, matches.length - 1)]);
    }
  }

  async function attach(e: Event) {
    const input = e.target as HTMLInputElement;
    uploadError.value = "";
    for (const file of [...(input.files ?? [])].slice(0, 4 - images.value.length)) {
      const form = new FormData();
      form.append("file", file);
      const res = await fetch("/api/uploads", { method: "POST", body: form }).catch(() => null);
      const body = await res?.json().catch(() => null);
      if (res?.status === 201) images.value = [...images.value, body.id];
      else uploadError.value = body?.error?.message ?? t("chat.composer.uploadFailed");
    }
    input.value = "";
  }

  function submit(e: Event) {
    e.preventDefault();
    const attachments = images.value;
    const text = draft.value.trim() || (attachments.length ? t("chat.composer.imageOnly") : "");
    if (!text) return;
    draft.value = "";
    images.value = [];
    p.onSend(text, { private: note.value, attachments });
  }

  return (
    <form onSubmit={submit} class="relative border-t border-slate-200 p-2">
      {matches.length > 0 && (
        <ul
          class="absolute bottom-full left-2 right-2 mb-1 rounded-lg border border-slate-200 bg-white text-sm shadow-lg"
          role="listbox"
          data-testid="canned-suggestions"
        >
          {matches.map((c, i) => (
            <li key={c.id} role="option" aria-selected={i === pick.value}>
              <button
                type="button"
                class={`block w-full px-3 py-1.5 text-left ${
                  i === pick.value ? "bg-slate-100" : ""
                }`}
                onClick={() => insert(c)}
              >
                <strong>/{c.shortcut}</strong> <span class="text-slate-500">{c.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="flex gap-2">
        <input
          class={`input ${note.value ? "!bg-amber-50" : ""}`}
          value={draft.value}
          onInput={(e) => {
            draft.value = (e.target as HTMLInputElement).value;
            pick.value = 0;
          }}
          onKeyDown={onKeyDown}
          placeholder={t(
            p.asAdmin
              ? (note.value ? "chat.composer.placeholderNote" : "chat.composer.placeholderAdmin")
              : "chat.composer.placeholder",
          )}
          aria-label={t("chat.composer.message")}
          maxLength={4000}
        />
        {p.canAttach && !note.value && (
          <label class="btn btn-secondary cursor-pointer" title={t("chat.composer.attach")}>
            +
            <input
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              class="sr-only"
              onChange={attach}
              aria-label={t("chat.composer.attach")}
            />
          </label>
        )}
        <button class="btn btn-primary" type="submit">
          {t(note.value ? "chat.composer.note" : "chat.composer.send")}
        </button>
      </div>
      {images.value.length > 0 && (
        <p class="mt-1 flex items-center gap-2 text-xs text-slate-600" data-testid="attached">
          {t("chat.composer.attached", { count: images.value.length })}
          <button type="button" class="underline" onClick={() => (images.value = [])}>
            {t("chat.composer.remove")}
          </button>
        </p>
      )}
      {uploadError.value && <p class="mt-1 text-xs text-red-600">{uploadError.value}</p>}
      {p.asAdmin && (
        <label class="mt-1 flex items-center gap-1 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={note.value}
            onChange={(e) => (note.value = (e.target as HTMLInputElement).checked)}
            data-testid="private-note"
          />
          {t("chat.composer.noteToggle")}
        </label>
      )}
    </form>
  );
}
