// A page with the support widget under a running A/B test: every variant is served with the
// widget's CSP (its script hash and the app origin), or the browser would block the widget there.
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer } from "./_helpers.ts";

Deno.test("experiment variants of a widget page carry the widget CSP", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "AB widget", slug: "ab-widget" })).body
      .page;
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: page.version,
      seo: { supportWidget: true },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const host = `ab-widget.${server.sitesDomain}`;
    const plain = await hostRequest(server.port, host, "/");
    const csp = String(plain.headers["content-security-policy"] ?? "");
    assert.ok(plain.text.includes("<script"), "the widget script is on the page");
    assert.ok(csp.includes(server.origin), `the widget CSP names the app origin: ${csp}`);

    const created = await owner.post(`/api/pages/${page.id}/experiments`, {
      name: "Widget AB",
      mode: "split",
      variants: [{ name: "B", weight: 50 }],
    });
    assert.equal(created.status, 201, created.text);
    const base = `/api/pages/${page.id}/experiments/${created.body.experiment.id}`;
    assert.equal((await owner.post(`${base}/start`)).status, 200);
    // Served as a variant (its forms name it; the page has none, so the private cache header
    // and per-variant ETag say so), with the same CSP as the plain page.
    const variant = (await eventually(async () => {
      const res = await hostRequest(server.port, host, "/");
      return /private/.test(String(res.headers["cache-control"] ?? "")) ? res : null;
    }, 5000))!;
    const variantCsp = String(variant.headers["content-security-policy"] ?? "");
    assert.ok(variant.text.includes("<script"), "the widget script is in the variant");
    assert.equal(variantCsp, csp, "the variant's CSP allows the widget");
  } finally {
    await server.close();
  }
});
