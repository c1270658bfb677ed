// The real server as a child process on a file-backed KV, so a test can kill it (SIGKILL) or load
// it from another process.
import { eventually } from "../tests/_helpers.ts";

export const ENV = {
  HOSTNAME: "127.0.0.1",
  ADMIN_EMAIL: "root@example.com",
  ADMIN_PASSWORD: "rootpassword",
  SEED_DEMO: "0",
  SCREENSHOTS: "0",
  SCRYPT_LOG_N: "4",
  FORM_RATE_PER_MINUTE: "0",
  // Load comes from one address: the per-address and per-user limits would refuse most of it.
  REGISTER_RATE_PER_10MIN: "0",
  CHAT_RATE_PER_MINUTE: "0",
  UPLOAD_RATE_PER_MINUTE: "0",
  // 200 clients sign up at once: let them queue for the 4 hashing slots instead of a 503.
  HASH_QUEUE: "1000",
};

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

export async function spawnServer(kvPath: string, port: number, env: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("../main.ts", import.meta.url).pathname],
    env: { ...ENV, ...env, PORT: String(port), DENO_KV_PATH: kvPath },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const origin = `http://localhost:${port}`;
  await eventually(async () => (await fetch(`${origin}/api/health`)).ok, 30_000);
  return { child, origin };
}
