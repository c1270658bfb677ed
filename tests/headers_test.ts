// Security headers from Hono's secureHeaders: HSTS only when the app's origin is https; the
// owner's preview may be framed by the app only; public lists answer If-None-Match with a 304;
// visitors' pages carry the app stylesheet inline under a hash-only style-src.
import assert from "node:assert/strict";
import { classesInHtml, classesInScript, parseSheet } from "../lib/assets/page-css.ts";
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

/** The sources of one CSP directive (`style-src`), or null when the policy has none. */
function directive(csp: string, name: string): string[] | null {
  const d = csp.split(";").map((s) => s.trim().split(/\s+/)).find((p) => p[0] === name);
  return d ? d.slice(1) : null;
}

/**
 * A visitor's page inlines the app sheet cut to that page: every class its markup or its islands'
 * bundles use keeps its rules (so nothing shows unstyled, even what an island adds later), and
 * rules for classes it never uses are left out.
 */
async function assertCutToThePage(origin: string) {
  const manifest = JSON.parse(
    await Deno.readTextFile(new URL("../_build/manifest.json", import.meta.url)),
  );
  const fullText = await (await fetch(origin + manifest.css)).text();
  const full = parseSheet(fullText);
  for (const path of ["/", "/marketplace", "/auth/login", "/auth/register"]) {
    const html = await (await fetch(origin + path)).text();
    const inline = html.match(/<style>([\s\S]*?)<\/style>/)![1];
    const cut = parseSheet(inline);
    const wanted = classesInHtml(
      html.replace(/<style>[\s\S]*?<\/style>/, ""),
      full.known,
      new Set(),
    );
    // The islands' scripts (loaded with the page, or on interaction: data-src) and the chunks
    // they import: what the browser runs.
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"|data-src="([^"]+)"/g)]
      .map((m) => m[1] ?? m[2]);
    const fetched = new Set<string>();
    for (const src of scripts) {
      if (fetched.has(src)) continue;
      fetched.add(src);
      const js = await (await fetch(origin + src)).text();
      for (const c of classesInScript(js, full.known)) wanted.add(c);
      for (const m of js.matchAll(/["']\.\/(chunk-[\w-]+\.js)["']/g)) {
        scripts.push(`/_static/${m[1]}`);
      }
    }
    assert.ok(wanted.size > 20, `${path}: ${wanted.size} classes`);
    const missing = [...wanted].filter((c) => !cut.known.has(c));
    assert.deepEqual(missing, [], `${path}: classes the page uses have their rules`);
    const unused = [...cut.known].filter((c) => !wanted.has(c) && !/^(group|peer)$/.test(c));
    assert.deepEqual(unused, [], `${path}: no rules for classes the page does not use`);
    assert.ok(inline.length < fullText.length * 0.7, `${path}: ${inline.length} bytes`);
  }
}

async function sha256Source(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

Deno.test("headers: visitors' pages inline the app stylesheet, allowed by its hash; signed-in pages link it", async () => {
  const server = await startTestServer({});
  try {
    for (const path of ["/", "/marketplace", "/auth/login", "/auth/register"]) {
      const res = await fetch(server.origin + path);
      const html = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      assert.equal(styles.length, 1, `${path}: one inline stylesheet`);
      assert.match(styles[0], /\.btn-primary\{/, `${path}: it is the app's stylesheet`);
      assert.doesNotMatch(html, /<link rel="stylesheet"/, `${path}: no render-blocking request`);
      const styleSrc = directive(csp, "style-src") ?? [];
      assert.ok(styleSrc.includes(await sha256Source(styles[0])), `${path}: hash in ${csp}`);
      assert.ok(!styleSrc.includes("'unsafe-inline'"), `${path}: no 'unsafe-inline' <style>`);
      // Style attributes (island wrappers, bar widths) stay allowed, apart from elements.
      assert.deepEqual(directive(csp, "style-src-attr"), ["'unsafe-inline'"]);
    }
    await assertCutToThePage(server.origin);
    for (const path of ["/", "/marketplace", "/auth/login"]) {
      const res = await fetch(server.origin + path);
      await res.body?.cancel();
      assert.equal(res.headers.get("cross-origin-opener-policy"), "unsafe-none", path);
    }
    const seller = server.client();
    await seller.register();
    const page = await seller.get("/dashboard");
    assert.equal(page.status, 200);
    // Signed in, a window another site opened shares nothing with the app's pages.
    assert.equal(page.headers.get("cross-origin-opener-policy"), "same-origin");
    for (const path of ["/", "/marketplace"]) {
      assert.equal(
        (await seller.get(path)).headers.get("cross-origin-opener-policy"),
        "same-origin",
      );
    }
    assert.doesNotMatch(page.text, /<style>[^]*\.btn-primary\{/);
    const href = page.text.match(/<link rel="stylesheet" href="(\/_static\/styles-[\w-]+\.css)">/)
      ?.[1];
    assert.ok(href, "signed-in pages link the stylesheet");
    const css = await fetch(server.origin + href);
    await css.body?.cancel();
    assert.equal(css.status, 200);
    assert.match(css.headers.get("cache-control") ?? "", /immutable/);
    // Documents and built assets go out gzipped; JSON is left alone.
    for (const path of ["/", href]) {
      const res = await fetch(server.origin + path, { headers: { "accept-encoding": "gzip" } });
      await res.body?.cancel();
      assert.equal(res.headers.get("content-encoding"), "gzip", path);
    }
    // A built file is the same bytes gzipped or not; a client refusing gzip gets it plain.
    const file = await Deno.readFile(new URL(`../_build/static/${href.slice(9)}`, import.meta.url));
    const gz = await fetch(server.origin + href); // fetch asks for gzip and inflates it
    assert.equal(gz.headers.get("content-encoding"), "gzip");
    assert.deepEqual(new Uint8Array(await gz.arrayBuffer()), file);
    const plain = await fetch(server.origin + href, { headers: { "accept-encoding": "gzip;q=0" } });
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.match(plain.headers.get("vary") ?? "", /accept-encoding/i);
    assert.deepEqual(new Uint8Array(await plain.arrayBuffer()), file);
    const json = await fetch(server.origin + "/api/health", {
      headers: { "accept-encoding": "gzip" },
    });
    await json.body?.cancel();
    assert.equal(json.headers.get("content-encoding"), null);
  } finally {
    await server.close();
  }
});
