// The chat composer. For staff it also completes canned replies: typing `/` and a shortcut lists
// the matching replies (↑/↓ to choose, Tab or Enter to insert), and a "Private note" switch posts
// the message as a staff-only note.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

interface Canned {
  id: string;
  shortcut: string;
  title: string;
  text: string;
}

export function Composer(
  p: { asAdmin: boolean; onSend: (text: string, opts: { private: boolean }) => void },
) {
  const draft = useSignal("");
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

  function submit(e: Event) {
    e.preventDefault();
    const text = draft.value.trim();
    if (!text) return;
    draft.value = "";
    p.onSend(text, { private: note.value });
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
          placeholder={p.asAdmin
            ? (note.value
              ? "Private note (staff only)…"
              : "Reply as support… (/ for saved replies)")
            : "Write a message…"}
          aria-label="Message"
          maxLength={4000}
        />
        <button class="btn btn-primary" type="submit">{note.value ? "Note" : "Send"}</button>
      </div>
      {p.asAdmin && (
        <label class="mt-1 flex items-center gap-1 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={note.value}
            onChange={(e) => (note.value = (e.target as HTMLInputElement).checked)}
            data-testid="private-note"
          />
          Private note (only staff see it)
        </label>
      )}
    </form>
  );
}
