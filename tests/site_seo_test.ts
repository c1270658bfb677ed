// What search engines and Lighthouse read on a published page: lang, description (the hero's
// subheadline when the seller wrote none), canonical and Open Graph tags, a main heading even
// without a hero, and a robots.txt the page itself may fetch (connect-src 'self').
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";

Deno.test("published page: description defaults to the hero's subheadline; robots.txt readable", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const publish = async (slug: string, blocks: unknown[], seo?: unknown) => {
      const { page } = (await owner.post("/api/pages", { name: "Launch & co", slug })).body;
      const put = await owner.put(`/api/pages/${page.id}`, {
        version: 1,
        content: { blocks },
        seo,
      });
      assert.equal(put.status, 200, put.text);
      assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
      return (await hostRequest(server.port, `${slug}.${server.sitesDomain}`, "/")).text;
    };
    const hero = { id: "h", type: "hero", props: { headline: "Ship", subheadline: "Fast & calm" } };
    const html = await publish("seo-hero", [hero]);
    const url = `http://seo-hero.${server.sitesDomain}/`;
    assert.match(html, /^<!DOCTYPE html><html lang="en">/);
    assert.match(html, /<meta name="description" content="Fast &#38; calm">/);
    assert.match(html, /<meta property="og:description" content="Fast &#38; calm">/);
    assert.ok(html.includes(`<link rel="canonical" href="${url}">`));
    assert.ok(html.includes(`<meta property="og:url" content="${url}">`));
    assert.match(html, /<meta property="og:title" content="Launch &#38; co">/);
    assert.equal(html.match(/<h1/g)?.length, 1);

    // The seller's own description wins; a page without a hero still has one h1 (hidden).
    const own = await publish("seo-own", [{ id: "f", type: "faq", props: { items: [] } }], {
      description: "Our own words",
    });
    assert.match(own, /<meta name="description" content="Our own words">/);
    assert.match(own, /<main><h1 class="lh-sr">Launch &#38; co<\/h1>/);

    const res = await hostRequest(server.port, `seo-hero.${server.sitesDomain}`, "/");
    assert.match(String(res.headers["content-security-policy"]), /connect-src 'self'/);
    assert.doesNotMatch(String(res.headers["content-security-policy"]), /script-src[^;]*'self'/);
    const robots = await hostRequest(server.port, `seo-hero.${server.sitesDomain}`, "/robots.txt");
    assert.equal(robots.status, 200);
    assert.match(robots.text, /User-agent: \*\nAllow: \//);
  } finally {
    await server.close();
  }
});
