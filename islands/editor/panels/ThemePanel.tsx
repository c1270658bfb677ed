// Theme settings: colours, font, spacing and corners (the choices of blocks/theme.ts).
import { FONTS, RADIUS, SPACING, type Theme } from "../../../blocks/theme.ts";

const keysOf = (o: Record<string, string>) => Object.keys(o);

export function ThemePanel(p: { theme: Theme; onChange: (t: Theme, key: string) => void }) {
  const t = p.theme;
  const set = (k: keyof Theme, v: string) => p.onChange({ ...t, [k]: v } as Theme, `theme.${k}`);
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">Theme</h2>
      {([["primaryColor", "Brand colour"], ["backgroundColor", "Background"], [
        "textColor",
        "Text",
      ]] as const).map(([k, label]) => (
        <label key={k} class="flex items-center justify-between text-sm">
          {label}
          <input
            type="color"
            value={t[k]}
            data-theme={k}
            onInput={(e) =>
              set(k, (e.target as HTMLInputElement).value)}
          />
        </label>
      ))}
      {([["font", "Font", keysOf(FONTS)], ["spacing", "Spacing", keysOf(SPACING)], [
        "radius",
        "Corners",
        keysOf(RADIUS),
      ]] as const).map((
        [k, label, options],
      ) => (
        <label key={k} class="block text-sm">
          <span class="label">{label}</span>
          <select
            class="input"
            value={t[k]}
            onChange={(e) => set(k, (e.target as HTMLSelectElement).value)}
          >
            {options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </label>
      ))}
    </div>
  );
}
