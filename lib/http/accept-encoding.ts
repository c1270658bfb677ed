// Content negotiation for the gzip bodies the app prepares once (published pages, the marketplace).
/**
 * Whether a client that sent `header` (Accept-Encoding) takes gzip: `gzip` (or `x-gzip`, or `*`
 * when gzip is not named) with a quality above 0. Names are case-insensitive; a malformed
 * quality counts as 1, as RFC 9110 §12.5.3 leaves it to the server.
 */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  // Browsers send a plain list ("gzip, deflate, br, zstd"): no parameters, no wildcard. This
  // runs on every published-page request, so that common case is one scan.
  if (!header.includes(";") && !header.includes("*")) {
    return /(?:^|,)\s*(?:x-)?gzip\s*(?:,|$)/i.test(header);
  }
  let gzip: number | null = null;
  let star: number | null = null;
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";");
    const coding = name.trim().toLowerCase();
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m && Number.isFinite(Number(m[1]))) q = Number(m[1]);
    }
    if (coding === "*") star = Math.max(star ?? 0, q);
    else gzip = Math.max(gzip ?? 0, q);
  }
  return (gzip ?? star ?? 0) > 0;
}
