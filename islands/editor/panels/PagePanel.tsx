// Page settings: name, address (slug) and search/social fields.
import { useSignal } from "@preact/signals";
import type { Doc } from "../api.ts";
import { isPlaceholderSlug, isSlug, SLUG_PATTERN } from "../slug.ts";
import { ImageInput } from "./fields.tsx";
import { useLabels } from "../labels.ts";

/**
 * The address field. While it has focus it shows what is typed, never the document: a save that
 * lands meanwhile re-renders the panel, and must not put an older slug back under the cursor.
 * Only a well-formed slug goes into the document (and so to the server); errors show here.
 */
function SlugInput(p: { value: string; error?: string; onChange: (slug: string) => void }) {
  const { t } = useLabels();
  const typed = useSignal<string | null>(null);
  const shown = typed.value ?? p.value;
  const local = typed.value !== null && !isSlug(typed.value) ? t("editor.page.slugHint") : "";
  const error = local || (typed.value === null || typed.value === p.value ? p.error ?? "" : "");
  return (
    <label class="block">
      <span class="label">{t("editor.page.slug")}</span>
      <input
        class="input"
        name="slug"
        value={shown}
        pattern={SLUG_PATTERN}
        aria-invalid={error ? "true" : undefined}
        aria-describedby="slug-help"
        onFocus={() => (typed.value = p.value)}
        onInput={(e) => {
          const input = e.currentTarget;
          const v = input.value.toLowerCase();
          if (v !== input.value) {
            const at = input.selectionStart;
            input.value = v;
            input.setSelectionRange(at, at);
          }
          typed.value = v;
          if (isSlug(v) && v !== p.value) p.onChange(v);
        }}
        onBlur={() => {
          if (typed.value !== null && isSlug(typed.value)) typed.value = null;
        }}
      />
      {error
        ? (
          <span id="slug-help" class="text-xs text-red-600" role="alert" data-testid="slug-error">
            {error}
          </span>
        )
        : (
          <span id="slug-help" class="text-xs text-slate-500">
            {t("editor.page.slugHelp")}
          </span>
        )}
    </label>
  );
}

export function PagePanel(
  p: { doc: Doc; errors: Record<string, string>; onChange: (d: Doc, key: string) => void },
) {
  const { t } = useLabels();
  const d = p.doc;
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">{t("editor.page.title")}</h2>
      <label class="block">
        <span class="label">{t("editor.page.name")}</span>
        <input
          class="input"
          value={d.name}
          onInput={(e) => p.onChange({ ...d, name: (e.target as HTMLInputElement).value }, "name")}
        />
      </label>
      <SlugInput
        value={d.slug}
        error={p.errors.slug}
        onChange={(slug) => p.onChange({ ...d, slug }, "slug")}
      />
      {isPlaceholderSlug(d.slug, d.name) && (
        <p class="text-xs text-amber-700" data-testid="slug-placeholder-note">
          {t("editor.page.slugPlaceholder")}
        </p>
      )}
      <label class="block">
        <span class="label">{t("editor.page.locale")}</span>
        <select
          class="input"
          name="locale"
          data-testid="page-locale"
          value={d.content.locale ?? "en"}
          onChange={(e) => {
            const locale = (e.target as HTMLSelectElement).value as "en" | "vi" | "th";
            p.onChange({ ...d, content: { ...d.content, locale } }, "content.locale");
          }}
        >
          <option value="en" lang="en">English</option>
          <option value="vi" lang="vi">Tiếng Việt</option>
          <option value="th" lang="th">ไทย</option>
        </select>
        <span class="text-xs text-slate-500">
          {t("editor.page.localeHelp")}
        </span>
      </label>
      <h3 class="pt-2 text-sm font-semibold">{t("editor.page.seo")}</h3>
      <label class="block">
        <span class="label">{t("editor.page.seoTitle")}</span>
        <input
          class="input"
          value={d.seo.title}
          maxLength={200}
          onInput={(e) =>
            p.onChange(
              { ...d, seo: { ...d.seo, title: (e.target as HTMLInputElement).value } },
              "seo.title",
            )}
        />
      </label>
      <label class="block">
        <span class="label">{t("editor.page.description")}</span>
        <textarea
          class="input"
          rows={3}
          maxLength={500}
          value={d.seo.description}
          onInput={(e) =>
            p.onChange({
              ...d,
              seo: { ...d.seo, description: (e.target as HTMLTextAreaElement).value },
            }, "seo.description")}
        />
      </label>
      <div>
        <span class="label">{t("editor.page.image")}</span>
        <ImageInput
          id="seo-image"
          value={d.seo.image}
          onChange={(v) => p.onChange({ ...d, seo: { ...d.seo, image: v } }, "seo.image")}
        />
      </div>
      <label class="flex items-center gap-2">
        <input
          type="checkbox"
          name="supportWidget"
          checked={!!d.seo.supportWidget}
          onChange={(e) =>
            p.onChange({
              ...d,
              seo: { ...d.seo, supportWidget: (e.target as HTMLInputElement).checked },
            }, "seo.supportWidget")}
        />
        <span class="text-sm">{t("editor.page.widget")}</span>
      </label>
    </div>
  );
}
