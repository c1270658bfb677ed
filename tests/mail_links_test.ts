import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { closeKv, openKv } from "../lib/kv/index.ts";
import { signLink, verifyLink } from "../lib/mail/links.ts";

// Every base64url character that decodes to the same bytes as `c` in the last position of a
// string of `length` characters (the unused low bits of the last character are ignored by atob).
function sameBytesAs(c: string, length: number): string[] {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const unused = [0, 0, 4, 2][length % 4]; // low bits that carry no data
  const v = alphabet.indexOf(c);
  return [...alphabet].filter((x, i) => x !== c && i >> unused === v >> unused);
}

Deno.test({
  name:
    "signed mail links: a token with any character changed is refused, even one that decodes the same",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
    try {
      for (let n = 0; n < 20; n++) {
        const token = await signLink("optin", { p: `page${n}`, l: `lead${n}` });
        assert.deepEqual(await verifyLink("optin", token), {
          p: `page${n}`,
          l: `lead${n}`,
          purpose: "optin",
        });
        const [body, mac] = token.split(".");
        // The MAC's last character: the variants atob decodes to the same 32 bytes.
        for (const twin of sameBytesAs(mac.at(-1)!, mac.length)) {
          assert.equal(await verifyLink("optin", `${body}.${mac.slice(0, -1)}${twin}`), null, twin);
        }
        for (const twin of sameBytesAs(body.at(-1)!, body.length)) {
          assert.equal(await verifyLink("optin", `${body.slice(0, -1)}${twin}.${mac}`), null, twin);
        }
        assert.equal(await verifyLink("unsubscribe", token), null, "another purpose");
        assert.equal(await verifyLink("optin", `${body}.${mac}=`), null, "padding added");
      }
    } finally {
      closeKv();
    }
  },
});
