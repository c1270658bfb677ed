// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// A page as long as a real landing page (60 blocks, long FAQs, ~200 KB of content) saves, keeps
// revisions, publishes, serves by Host, follows a slug change and deletes, although KV values are
// capped at 64 KiB.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";

const WORDS = "launch growth pricing team ship fast simple secure customers support analytics form"
  .split(" ");
let seed = 7;
const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2147483648) % WORDS.length];
const words = (n: number) => Array.from({ length: n }, word).join(" ");

function longContent(marker: string) {
  const faq = (n: number) => ({
    id: `faq${n}`,
    type: "faq",
    props: {
      title: `Questions ${n}`,
      items: Array.from({ length: 50 }, (_, i) => ({
        question: `${marker} question ${n}.${i}: ${words(20)}`.slice(0, 300),
        answer: words(300).slice(0, 1900),
      })),
    },
  });
  const heroes = Array.from({ length: 58 }, (_, i) => ({
    id: `hero${i}`,
    type: "hero",
    props: { headline: `${marker} section ${i}`, subheadline: words(60).slice(0, 480) },
  }));
  return { blocks: [faq(1), ...heroes, faq(2)] };
}

Deno.test("long pages: a 60-block, 200 KB page saves, publishes, serves, moves and deletes", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Long", slug: "long-page" })).body.page;
    const content = longContent("first");
    assert.ok(JSON.stringify(content).length > 200_000, "the content is over 200 KB");

    const saved = await owner.put(`/api/pages/${page.id}`, { version: 1, content });
    assert.equal(saved.status, 200, saved.text.slice(0, 300));
    assert.equal(saved.body.page.content.blocks.length, 60);
    // A second edit keeps the long first state as a revision.
    const again = await owner.put(`/api/pages/${page.id}`, {
      version: 2,
      content: longContent("second"),
    });
    assert.equal(again.status, 200, again.text.slice(0, 300));

    const read = (await owner.get(`/api/pages/${page.id}`)).body.page;
    assert.deepEqual(read.content.blocks[1].props.headline, "second section 0");
    const listed = (await owner.get("/api/pages")).body.items;
    assert.equal(listed[0].content.blocks.length, 60);

    const published = await owner.post(`/api/pages/${page.id}/publish`);
    assert.equal(published.status, 200, published.text.slice(0, 300));
    const host = `long-page.${server.sitesDomain}`;
    const site = await hostRequest(server.port, host, "/");
    assert.equal(site.status, 200);
    assert.ok(site.text.length > 200_000, `served ${site.text.length} characters`);
    assert.match(site.text, /second question 2\.49/);
    assert.match(site.text, /<\/html>$/);

    // The live site follows a slug change, and the old address stops answering.
    const moved = await owner.put(`/api/pages/${page.id}`, { version: 3, slug: "long-moved" });
    assert.equal(moved.status, 200, moved.text.slice(0, 300));
    const movedSite = await hostRequest(server.port, `long-moved.${server.sitesDomain}`, "/");
    assert.equal(movedSite.status, 200);
    assert.match(movedSite.text, /second question 2\.49/);
    assert.equal((await hostRequest(server.port, host, "/")).status, 404);

    // The state that was live is kept as a (long) revision; restoring an empty one and then it
    // brings the long content back.
    const revisions = (await owner.get(`/api/pages/${page.id}/revisions`)).body.items;
    const live = revisions.find((r: any) => r.kind === "published");
    const empty = revisions.find((r: any) => r.version === 1);
    assert.ok(live && empty, JSON.stringify(revisions));
    const emptied = await owner.post(`/api/pages/${page.id}/revisions/${empty.id}/restore`, {
      version: 4,
    });
    assert.equal(emptied.body.page.content.blocks.length, 0);
    const restored = await owner.post(`/api/pages/${page.id}/revisions/${live.id}/restore`, {
      version: 5,
    });
    assert.equal(restored.status, 200, restored.text.slice(0, 300));
    assert.equal(restored.body.page.content.blocks[1].props.headline, "second section 0");

    assert.equal((await owner.delete(`/api/pages/${page.id}`)).status, 204);
    assert.equal(
      (await hostRequest(server.port, `long-moved.${server.sitesDomain}`, "/")).status,
      404,
    );
  } finally {
    await server.close();
  }
});
