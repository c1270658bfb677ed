// `deno task seed`: add the demo data to the configured KV if it has not been seeded yet.
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/index.ts";
import { startQueue, stopQueue } from "../lib/queue/index.ts";
import { seedDemo } from "../lib/seed/index.ts";

const cfg = setConfig(loadConfig());
await openKv(cfg);
startQueue(cfg.queueBackend);
const lines = await seedDemo();
console.log(lines ? lines.join("\n") : "This store already has demo data.");
await stopQueue();
closeKv();
