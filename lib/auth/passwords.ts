// Password hashing (scrypt; parameters live in the hash so they can be raised later) behind a
// concurrency cap. One production hash (N=2^17, r=8) takes ~128 MiB and ~300 ms: without the cap
// two dozen parallel sign-ins took the server to 3 GB. At most HASH_SLOTS run at once, a few
// more wait their turn, and anyone beyond is told 503 with Retry-After instead of queueing memory.
import { scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { AppError } from "../http/index.ts";
import { b64, unb64 } from "./secrets.ts";

/** Hashes computed at once. */
export const HASH_SLOTS = 4;
// Hash requests that may wait for a slot (config HASH_QUEUE, 16 by default); more get a 503.
/** How long a waiting request waits before its 503. */
const HASH_WAIT_MS = 5_000;

let inFlight = 0;
let peak = 0;
const waiting: (() => void)[] = [];

/** Hashes running now and the most ever running at once (what the tests watch). */
export function hashLoad(): { inFlight: number; peak: number; waiting: number } {
  return { inFlight, peak, waiting: waiting.length };
}

export function resetHashPeak() {
  peak = inFlight;
}

const busy = () =>
  new AppError(
    503,
    "busy",
    "The server is busy signing people in; try again in a moment",
    undefined,
    undefined,
    { "Retry-After": "2" },
  );

async function withHashSlot<T>(run: () => Promise<T>): Promise<T> {
  if (inFlight >= HASH_SLOTS) {
    if (waiting.length >= config().hashQueue) throw busy();
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = waiting.indexOf(wake);
        if (i >= 0) waiting.splice(i, 1);
        reject(busy());
      }, HASH_WAIT_MS);
      waiting.push(wake);
    });
    // The slot was handed over by release(): inFlight already counts this hash.
  } else {
    inFlight++;
  }
  peak = Math.max(peak, inFlight);
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next(); // hand the slot over without releasing it, so no newcomer jumps the queue
    else inFlight--;
  }
}

function scrypt(password: string, salt: Uint8Array, n: number, r: number, p: number) {
  return withHashSlot(() =>
    new Promise<Uint8Array>((resolve, reject) =>
      scryptCb(password, salt, 64, {
        N: n,
        r,
        p,
        maxmem: 256 * 1024 * 1024 + 1024 * r * 1024,
      }, (e, key) => e ? reject(e) : resolve(new Uint8Array(key)))
    )
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const logN = config().scryptLogN;
  const key = await scrypt(password, salt, 2 ** logN, 8, 1);
  return `scrypt$${logN}$8$1$${b64(salt)}$${b64(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, logN, r, p, salt, hash] = stored.split("$");
  if (alg !== "scrypt") return false;
  const key = await scrypt(password, unb64(salt), 2 ** Number(logN), Number(r), Number(p));
  const expected = unb64(hash);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A fixed hash to compare against for unknown emails, so both failures take the same time.
let dummyHash: Promise<string> | null = null;

/** Spend the same work as a real check, for an account that does not exist; always false. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password").catch((err) => {
    dummyHash = null;
    throw err;
  });
  await verifyPassword(password, await dummyHash);
  return false;
}
