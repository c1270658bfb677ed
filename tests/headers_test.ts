// Security headers from Hono's secureHeaders: HSTS only when the app's origin is https; the
// owner's preview may be framed by the app only; public lists answer If-None-Match with a 304.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";

Deno.test("headers: no HSTS on an http origin, the usual hardening headers on every response", async () => {
  const server = await startTestServer({});
  try {
    for (const path of ["/", "/api/health", "/api/templates", "/no-such-page", "/favicon.svg"]) {
      const res = await fetch(server.origin + path);
      await res.body?.cancel();
      assert.equal(res.headers.get("strict-transport-security"), null, path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN", path);
      assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin", path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("headers: HSTS when APP_ORIGIN is https", async () => {
  const server = await startTestServer({ APP_ORIGIN: "https://app.example" });
  try {
    for (const path of ["/", "/api/health", "/auth/login"]) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      await res.body?.cancel();
      assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=\d{7,}/, path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("headers: the owner's preview may be framed by the app only", async () => {
  const server = await startTestServer({});
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Framed?" })).body.page;
    const res = await owner.get(`/pages/${page.id}/preview`, { headers: { accept: "text/html" } });
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const ancestors = csp.split(";").map((d) => d.trim()).find((d) =>
      d.startsWith("frame-ancestors")
    );
    assert.equal(ancestors, `frame-ancestors 'self' ${server.origin}`);
    assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN");
  } finally {
    await server.close();
  }
});

Deno.test("headers: public lists carry an ETag and answer If-None-Match with 304", async () => {
  const server = await startTestServer({});
  try {
    for (const path of ["/api/templates", "/api/faqs", "/api/marketplace"]) {
      const first = await fetch(server.origin + path);
      await first.body?.cancel();
      const tag = first.headers.get("etag");
      assert.ok(tag, `${path} has an ETag`);
      const again = await fetch(server.origin + path, { headers: { "if-none-match": tag } });
      assert.equal(again.status, 304, path);
      await again.body?.cancel();
    }
  } finally {
    await server.close();
  }
});
