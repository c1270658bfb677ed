// /dev/* (the mailbox with everyone's reset links) is off unless DEV_PAGES=1, and then opens only
// to a connection from this machine's loopback: a forwarded address never counts, TRUST_PROXY or
// not, so `X-Forwarded-For: …, 127.0.0.1` cannot reach it.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";

const html = { accept: "text/html" };

async function mailbox(origin: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${origin}/dev/mailbox`, { headers: { ...html, ...headers } });
  await res.body?.cancel();
  return res.status;
}

Deno.test("dev pages: off without DEV_PAGES, even from loopback", async () => {
  const server = await startTestServer({});
  try {
    assert.equal(await mailbox(server.origin), 404);
  } finally {
    await server.close();
  }
});

Deno.test("dev pages: with DEV_PAGES=1, loopback only and never by a forwarded address", async () => {
  const server = await startTestServer({ DEV_PAGES: "1", TRUST_PROXY: "1" });
  try {
    // The test client connects over 127.0.0.1: the socket peer is loopback.
    assert.equal(await mailbox(server.origin), 200);
    for (
      const xff of ["1.2.3.4, 127.0.0.1", "127.0.0.1", "1.2.3.4", "::1"]
    ) {
      const status = await mailbox(server.origin, { "x-forwarded-for": xff });
      assert.ok(status === 404 || status === 403, `X-Forwarded-For: ${xff} got ${status}`);
    }
    const forwarded = await mailbox(server.origin, { forwarded: "for=127.0.0.1" });
    assert.ok(forwarded === 404 || forwarded === 403, `Forwarded: for=127.0.0.1 got ${forwarded}`);
  } finally {
    await server.close();
  }
});

Deno.test("dev pages: a socket peer off loopback is refused even with DEV_PAGES=1", async () => {
  // The server listens on every interface here; this machine's non-loopback address (if it has
  // one) is a peer that is not loopback, as a stranger's would be.
  const addr = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  )?.address;
  if (!addr) return console.log("no non-loopback IPv4 interface: skipped");
  const server = await startTestServer({ DEV_PAGES: "1", HOSTNAME: "0.0.0.0" });
  try {
    assert.equal(await mailbox(`http://${addr}:${server.port}`), 404);
    assert.equal(await mailbox(server.origin.replace("localhost", "127.0.0.1")), 200);
  } finally {
    await server.close();
  }
});
