// The process's one Deno KV handle: embedded file, :memory:, or remote (DENO_KV_URL).
import type { AppConfig } from "../config.ts";

let store: Deno.Kv | null = null;

export async function openKv(cfg: AppConfig): Promise<Deno.Kv> {
  if (cfg.kvUrl) {
    store = await Deno.openKv(cfg.kvUrl);
  } else if (cfg.kvPath === ":memory:") {
    store = await Deno.openKv(":memory:");
  } else {
    const dir = cfg.kvPath.replace(/[^/]*$/, "");
    if (dir) await Deno.mkdir(dir, { recursive: true });
    store = await Deno.openKv(cfg.kvPath);
  }
  return store;
}

export function kv(): Deno.Kv {
  if (!store) throw new Error("KV is not open");
  return store;
}

export function closeKv(): void {
  store?.close();
  store = null;
}
