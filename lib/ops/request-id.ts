// Request ids (X-Request-Id) and the responses that need none added. A leaf module: the
// published-site path (lib/sites/serve.ts) builds its answers complete and marks them here, so
// lib/ops/http.ts does not set the header a second time (which would cost the answer its native
// header list).
import { base32, newId } from "../kv/ids.ts";

/**
 * Responses that need no X-Request-Id added: built with their id among their headers, or a
 * prepared published page, which goes without one when no log line can name it (lib/ops/http.ts).
 */
export const completeAnswers = new WeakSet<Response>();

const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * This process's part of every id it makes: the first 16 characters of a ULID made at start
 * (its millisecond and 6 random characters), so ids of two processes never collide.
 */
const PROCESS = newId().slice(0, 16);
const DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The 1,024 two-character endings, so most ids cost one table read and two joins. */
const LOW = Array.from({ length: 1024 }, (_, n) => DIGITS[n >> 5] + DIGITS[n & 31]);
let sequence = 0;
let high = "";

/**
 * A new request id: 26 characters of the ULID alphabet, this process's prefix and a counter.
 * A ULID's fresh time and randomness per id cost about a microsecond on the published-page
 * path, where a microsecond is ~3 % of a bare server's whole budget per request.
 */
export function newRequestId(): string {
  const n = sequence++;
  if ((n & 1023) === 0) high = base32(Math.floor(n / 1024) % 2 ** 40, 8);
  return PROCESS + high + LOW[n & 1023];
}

/** The caller's X-Request-Id when it is sane (≤ 64 of [A-Za-z0-9._-]), else a new one. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && SANE_ID.test(given) ? given : newRequestId();
}
