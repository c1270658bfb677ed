// `deno task start`: one process that checks the asset build and serves. Only when the sources
// changed (content hash, lib/assets/hash.ts) does it run `deno task build` (esbuild and Tailwind
// need permissions the server does not get) and wait for it. A restart on an unchanged checkout
// so pays one Deno start-up, not two.
//
// main.ts is imported statically: a dynamic `import("../main.ts")` made Deno prepare the app's
// module graph at run time, taking node_modules' file lock once per npm import (~290 times) —
// measured 1.7–1.9 s of CPU to the first 200 against 0.9–1.3 s for the static import. The hash
// check (~15–60 ms) then runs after the modules are loaded instead of alongside.
import { currentBuild } from "../lib/assets/hash.ts";
import { startServer } from "../main.ts";

if (!await currentBuild()) {
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!build.success) Deno.exit(1);
}
const running = await startServer();
const stop = async () => {
  await running.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
