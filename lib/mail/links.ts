// Signed links in emails (unsubscribe, subscription and recipient confirmations): the token is
// its own record (base64url JSON + HMAC-SHA256), so opening it needs no session and no stored
// state, and nobody can make one for another address. The key is made once per store.
import { config } from "../config.ts";
import { keys, kv } from "../kv/index.ts";

export type LinkPurpose = "unsubscribe" | "optin" | "recipient";

let cached: { store: Deno.Kv; key: CryptoKey } | null = null;

async function linkKey(): Promise<CryptoKey> {
  if (cached?.store === kv()) return cached.key;
  const name = keys.config("mail_link_secret");
  const fresh = crypto.getRandomValues(new Uint8Array(32));
  await kv().atomic().check({ key: name, versionstamp: null }).set(name, fresh).commit();
  const raw = new Uint8Array((await kv().get<Uint8Array>(name)).value!);
  const key = await crypto.subtle.importKey(
    "raw",
    raw,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  cached = { store: kv(), key };
  return key;
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The bytes of `s`, which must be exactly what `b64url` writes for them: atob ignores the unused
 * low bits of the last character, so without this check one token had up to 16 spellings. */
function unb64url(s: string): Uint8Array<ArrayBuffer> {
  const b = s.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(
    atob(b + "=".repeat((4 - b.length % 4) % 4)),
    (c) => c.charCodeAt(0),
  );
  if (b64url(bytes) !== s) throw new TypeError("not canonical base64url");
  return bytes;
}

/** A signed token carrying `data` for `purpose`. */
export async function signLink(purpose: LinkPurpose, data: Record<string, string>) {
  const body = b64url(new TextEncoder().encode(JSON.stringify({ ...data, purpose })));
  const mac = await crypto.subtle.sign("HMAC", await linkKey(), new TextEncoder().encode(body));
  return `${body}.${b64url(new Uint8Array(mac))}`;
}

/** The data of a token made by `signLink` for `purpose`, or null when forged or garbled. */
export async function verifyLink(
  purpose: LinkPurpose,
  token: string,
): Promise<Record<string, string> | null> {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined || token.length > 2000) return null;
  try {
    const ok = await crypto.subtle.verify(
      "HMAC",
      await linkKey(),
      unb64url(mac),
      new TextEncoder().encode(body),
    );
    if (!ok) return null;
    const data = JSON.parse(new TextDecoder().decode(unb64url(body)));
    if (!data || typeof data !== "object" || data.purpose !== purpose) return null;
    return data;
  } catch {
    return null;
  }
}

/** The full URL of a link page under /email/. */
export function linkUrl(path: "unsubscribe" | "confirm" | "recipient", token: string) {
  return `${config().appOrigin}/email/${path}/${token}`;
}
