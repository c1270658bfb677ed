import { buildAssets } from "../lib/assets/build.ts";

const started = performance.now();
const manifest = await buildAssets();
console.log(
  `built ${Object.keys(manifest.islands).length} islands and CSS in ${
    Math.round(performance.now() - started)
  } ms`,
);
