// Where to go after signing in (`?next=`): a path on this app only.

const FALLBACK = "/dashboard";

/**
 * Resolve `next` the way a browser would against the app's origin and keep it only when it stays
 * on that origin and its path starts with exactly one `/`. Dot segments are resolved first, so
 * `/.//evil.example` (which resolves to the path `//evil.example`, a protocol-relative URL in a
 * Location header) is refused; so are `\`, control characters (a header split) and anything the
 * URL parser rejects (`///evil.example`), which would otherwise throw after the cookies are set.
 */
export function safeNext(next: string | undefined | null, appOrigin: string): string {
  // deno-lint-ignore no-control-regex -- control characters are exactly what it refuses
  if (!next || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return FALLBACK;
  let base: URL, url: URL;
  try {
    base = new URL(appOrigin);
    url = new URL(next, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base.origin || url.username || url.password) return FALLBACK;
  const path = url.pathname;
  if (!path.startsWith("/") || path.startsWith("//") || /^\/[\\%]/.test(path)) return FALLBACK;
  return path + url.search + url.hash;
}
