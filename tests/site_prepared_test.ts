// A published page is answered from Responses prepared once per publish (lib/sites/
// prepared-responses.ts): every request gets a clone. Many concurrent visitors asking every way at
// once (gzip, plain, HEAD, revalidation) must each get the whole page, and a new publish must
// replace what was prepared.
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import * as http from "node:http";
import { startTestServer } from "./_helpers.ts";

const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";

/** A GET/HEAD by Host with the raw body bytes (gzip left as sent). */
function raw(port: number, host: string, method: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/",
          method,
          headers: { host, "user-agent": UA, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on(
            "end",
            () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

Deno.test("prepared page: 400 concurrent answers of every kind are whole, and a publish replaces them", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Prepared", slug: "prepared-page" })).body
      .page;
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const host = `prepared-page.${server.sitesDomain}`;
    const first = await raw(server.port, host, "GET", {});
    assert.equal(first.status, 200);
    const html = first.body.toString("utf8");
    assert.ok(html.includes("</html>"));
    const etag = String(first.headers.etag);

    const kinds: { method: string; headers: Record<string, string> }[] = [
      { method: "GET", headers: { "accept-encoding": "gzip" } },
      { method: "GET", headers: {} },
      { method: "HEAD", headers: {} },
      { method: "GET", headers: { "if-none-match": etag } },
    ];
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) => {
        const k = kinds[i % kinds.length];
        return raw(server.port, host, k.method, k.headers).then((res) => ({ k, res }));
      }),
    );
    for (const { k, res } of answers) {
      if (k.headers["if-none-match"]) {
        assert.equal(res.status, 304);
        assert.equal(res.body.length, 0);
        assert.equal(res.headers.etag, etag);
      } else if (k.method === "HEAD") {
        assert.equal(res.status, 200);
        assert.equal(res.body.length, 0);
        assert.equal(res.headers["content-encoding"], undefined);
      } else if (k.headers["accept-encoding"]) {
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-encoding"], "gzip");
        assert.equal(gunzipSync(res.body).toString("utf8"), html);
      } else {
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-encoding"], undefined);
        assert.equal(res.body.toString("utf8"), html);
      }
      assert.ok(String(res.headers["content-security-policy"]).startsWith("default-src 'none'"));
    }

    // A new publish: the next answers (after the 1 s revalidation) are the new page's.
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      content: { blocks: [{ id: "hero", type: "hero", props: { headline: "Second edition" } }] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const deadline = Date.now() + 5000;
    for (;;) {
      const next = await raw(server.port, host, "GET", { "accept-encoding": "gzip" });
      if (gunzipSync(next.body).toString("utf8").includes("Second edition")) {
        assert.notEqual(next.headers.etag, etag);
        break;
      }
      if (Date.now() > deadline) throw new Error("the new publish was not served within 5 s");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await server.close();
  }
});
