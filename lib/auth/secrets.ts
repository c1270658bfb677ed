// Small encoding and randomness helpers shared by passwords, tokens and emailed links.

export const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

/** Hex SHA-256: tokens are stored only as their hash, so a KV dump cannot be replayed. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32))).replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
