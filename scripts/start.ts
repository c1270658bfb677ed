// `deno task start`: one process that checks the asset build and serves. The source hash check
// (lib/assets/hash.ts) runs while the app's modules load; only when the sources changed does it
// run `deno task build` (esbuild and Tailwind need permissions the server does not get) and wait
// for it. A restart on an unchanged checkout so pays one Deno start-up, not two.
import { currentBuild } from "../lib/assets/hash.ts";

const [current, main] = await Promise.all([currentBuild(), import("../main.ts")]);
if (!current) {
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!build.success) Deno.exit(1);
}
const running = await main.startServer();
const stop = async () => {
  await running.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
