// `deno task dev`: build assets and serve; `--watch` restarts this on every change.
import { buildAssets } from "../lib/assets/build.ts";
import { startServer } from "../main.ts";

await buildAssets();
await startServer();
