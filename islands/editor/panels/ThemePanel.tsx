// Theme settings: colours, font, spacing and corners (the choices of blocks/theme.ts).
import { FONTS, RADIUS, SPACING, type Theme } from "../../../blocks/theme.ts";
import { useLabels } from "../labels.ts";

const keysOf = (o: Record<string, string>) => Object.keys(o);

export function ThemePanel(p: { theme: Theme; onChange: (t: Theme, key: string) => void }) {
  const l = useLabels();
  const t = p.theme;
  const set = (k: keyof Theme, v: string) => p.onChange({ ...t, [k]: v } as Theme, `theme.${k}`);
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">{l.t("editor.theme.title")}</h2>
      {(["primaryColor", "backgroundColor", "textColor"] as const).map((k) => (
        <label key={k} class="flex items-center justify-between text-sm">
          {l.t(`editor.theme.${k}`)}
          <input
            type="color"
            value={t[k]}
            data-theme={k}
            onInput={(e) =>
              set(k, (e.target as HTMLInputElement).value)}
          />
        </label>
      ))}
      {([["font", keysOf(FONTS)], ["spacing", keysOf(SPACING)], [
        "radius",
        keysOf(RADIUS),
      ]] as const)
        .map(([k, options]) => (
          <label key={k} class="block text-sm">
            <span class="label">{l.t(`editor.theme.${k}`)}</span>
            <select
              class="input"
              value={t[k]}
              onChange={(e) => set(k, (e.target as HTMLSelectElement).value)}
            >
              {options.map((o) => <option key={o} value={o}>{l.option(o)}</option>)}
            </select>
          </label>
        ))}
    </div>
  );
}
