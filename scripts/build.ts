// `deno task build` (also run by `deno task start`): bundle islands and CSS, or skip when
// _build/manifest.json records the same source hash (lib/assets/hash.ts). `--force` rebuilds.
// esbuild and Tailwind are only loaded when a build is needed: loading them is most of the time
// a skipped build would otherwise take.
import { currentBuild } from "../lib/assets/hash.ts";

const started = performance.now();
const ms = () => Math.round(performance.now() - started);
const current = Deno.args.includes("--force") ? null : await currentBuild();
if (current) {
  console.log(`assets up to date (sources unchanged), checked in ${ms()} ms`);
} else {
  const { buildAssets } = await import("../lib/assets/build.ts");
  const manifest = await buildAssets();
  console.log(`built ${Object.keys(manifest.islands).length} islands and CSS in ${ms()} ms`);
}
