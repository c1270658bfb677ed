// `deno task dev`: build assets (skipped when their sources are unchanged) and serve; `--watch`
// restarts this on every change, and most changes (lib/, routes/ logic) need no new bundle.
import { currentBuild } from "../lib/assets/hash.ts";
import { startServer } from "../main.ts";

if (!(await currentBuild())) {
  const { buildAssets } = await import("../lib/assets/build.ts");
  await buildAssets();
}
await startServer();
