// CSAT after a conversation is resolved: 1–5 and an optional comment, once.
import { useSignal } from "@preact/signals";
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";

export function Rating(p: { roomId: string; headers: Record<string, string>; rated: boolean }) {
  const t = useAreaT(chat);
  const score = useSignal(0);
  const done = useSignal(p.rated);
  const error = useSignal("");
  const comment = useSignal("");

  async function submit(e: Event) {
    e.preventDefault();
    if (!score.value) return;
    const res = await fetch(`/api/chat/rooms/${p.roomId}/rating`, {
      method: "POST",
      headers: { ...p.headers, "content-type": "application/json" },
      body: JSON.stringify({ score: score.value, comment: comment.value || undefined }),
    }).catch(() => null);
    if (res?.status === 201 || res?.status === 409) done.value = true;
    else error.value = t("chat.rating.failed");
  }

  if (done.value) {
    return (
      <p class="border-t border-slate-200 px-3 py-2 text-xs text-slate-600" data-testid="csat-done">
        {t("chat.rating.thanks")}
      </p>
    );
  }
  return (
    <form onSubmit={submit} class="space-y-2 border-t border-slate-200 p-3" data-testid="csat">
      <p class="text-sm font-medium">{t("chat.rating.title")}</p>
      <div class="flex gap-1" role="radiogroup" aria-label={t("chat.rating.label")}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={score.value === n}
            aria-label={t("chat.rating.of", { n })}
            class={`h-8 w-8 rounded-full border text-sm ${
              score.value >= n ? "border-amber-400 bg-amber-300" : "border-slate-300"
            }`}
            onClick={() => (score.value = n)}
          >
            {n}
          </button>
        ))}
      </div>
      <input
        class="input !py-1 text-sm"
        placeholder={t("chat.rating.comment")}
        maxLength={2000}
        value={comment.value}
        onInput={(e) => (comment.value = (e.target as HTMLInputElement).value)}
        aria-label={t("chat.rating.commentLabel")}
      />
      {error.value && <p class="text-xs text-red-600">{error.value}</p>}
      <button class="btn btn-primary !py-1" type="submit" disabled={!score.value}>
        {t("chat.rating.send")}
      </button>
    </form>
  );
}
